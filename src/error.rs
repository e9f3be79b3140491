//! Errors of the stages that read files. Each says what went wrong in English (for logs and stderr)
//! and, through [`ExtractError::zh`], in Chinese for the reviewer's DOC_UNREADABLE flag.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ExtractError {
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    #[error("file is empty (0 bytes)")]
    Empty,
    #[error("file is {size} bytes, over the {limit}-byte limit")]
    FileTooLarge { size: u64, limit: u64 },
    #[error("encrypted or password-protected ({0}); ask the city for an unprotected copy")]
    Encrypted(String),
    #[error("not a valid {expected} package: {detail}")]
    Corrupt {
        expected: &'static str,
        detail: String,
    },
    #[error("{part}: decompressed size exceeds the {limit}-byte limit (possible zip bomb)")]
    Bomb { part: String, limit: u64 },
    #[error(
        "{part}: XML entity declarations are refused (possible entity bomb or external entity)"
    )]
    EntityDeclaration { part: String },
    #[error("{part}: XML nesting deeper than {limit} levels")]
    TooDeep { part: String, limit: usize },
    #[error("{part}: bad XML: {detail}")]
    Xml { part: String, detail: String },
    #[error("required part {0} is missing from the package")]
    MissingPart(String),
    #[error("not supported yet: {0}")]
    Unsupported(String),
    #[error("no text layer (a scanned document): OCR needed")]
    NoTextLayer,
    #[error("the {0} reader failed unexpectedly (an internal error; the file was skipped)")]
    Panic(String),
    #[error("more than {limit} {what}; refusing to read further")]
    TooMany { what: &'static str, limit: usize },
    #[error("no text at all (a blank document, or pages pasted as pictures)")]
    NoText,
    #[error("archive entry {0:?} points outside the archive; refused")]
    UnsafePath(String),
}

impl ExtractError {
    /// The reason in Chinese, for the reviewer.
    pub fn zh(&self) -> String {
        match self {
            ExtractError::Io(e) => format!("无法读取文件：{e}"),
            ExtractError::Empty => "文件为空（0字节）".into(),
            ExtractError::FileTooLarge { size, limit } => {
                format!("文件大小{size}字节，超过上限{limit}字节")
            }
            ExtractError::Encrypted(what) => {
                format!("文件已加密或设置了密码（{what}），请联系报送城市提供未加密版本")
            }
            ExtractError::Corrupt { expected, detail } => {
                format!("文件已损坏或不是有效的{expected}文件（{detail}）")
            }
            ExtractError::Bomb { part, .. } => {
                format!("{part}解压后超过大小上限，疑似压缩炸弹，已拒绝读取")
            }
            ExtractError::EntityDeclaration { part } => {
                format!("{part}含XML实体声明，疑似实体炸弹或外部实体攻击，已拒绝读取")
            }
            ExtractError::TooDeep { part, .. } => format!("{part}的XML嵌套层级过深，已拒绝读取"),
            ExtractError::Xml { part, detail } => format!("{part}的XML格式错误（{detail}）"),
            ExtractError::MissingPart(p) => format!("文件缺少必要部件{p}，可能已损坏"),
            ExtractError::Unsupported(what) => format!("暂不支持该格式：{what}"),
            ExtractError::NoTextLayer => "扫描件，没有文字层，需要OCR识别后才能审查".into(),
            ExtractError::Panic(what) => format!("读取{what}时发生内部错误，已跳过该文件"),
            ExtractError::TooMany { what, limit } => {
                format!("{what}数量超过上限{limit}，已停止读取")
            }
            ExtractError::NoText => {
                "文件中没有任何文字（空白文档，或内容是粘贴的图片），需要原件或OCR识别".into()
            }
            ExtractError::UnsafePath(p) => {
                format!("压缩包中的文件路径“{p}”指向压缩包之外，已拒绝读取")
            }
        }
    }
}

pub type Result<T, E = ExtractError> = std::result::Result<T, E>;
