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
    #[error("a scan or an image: OCR needs tesseract with the chi_sim model (and pdftoppm for PDFs), not installed")]
    OcrUnavailable,
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
                format!(
                    "文件已加密或设置了密码（{}），请联系报送城市提供未加密版本",
                    zh_terms(what)
                )
            }
            // The crate's detail (English) stays in the log; the reviewer reads what it means.
            ExtractError::Corrupt { expected, .. } => {
                format!("文件已损坏、被截断，或不是有效的{}", zh_terms(expected))
            }
            ExtractError::Bomb { part, .. } => {
                format!("{part}解压后超过大小上限，疑似压缩炸弹，已拒绝读取")
            }
            ExtractError::EntityDeclaration { part } => {
                format!("{part}含XML实体声明，疑似实体炸弹或外部实体攻击，已拒绝读取")
            }
            ExtractError::TooDeep { part, .. } => format!("{part}的嵌套层级过深，已拒绝读取"),
            ExtractError::Xml { part, detail } => format!("{part}的XML格式错误（{detail}）"),
            ExtractError::MissingPart(p) => format!("文件缺少必要部件{p}，可能已损坏"),
            ExtractError::Unsupported(what) => format!("暂不支持该格式：{}", zh_terms(what)),
            ExtractError::NoTextLayer => "扫描件，没有文字层，需要OCR识别后才能审查".into(),
            ExtractError::OcrUnavailable => format!(
                "扫描件或图片，没有文字层；本机未安装 OCR（Tesseract 简体中文模型和 pdftoppm），无法识别文字。安装命令：{}",
                crate::read::ocr::INSTALL
            ),
            ExtractError::Panic(what) => format!("读取{what}时发生内部错误，已跳过该文件"),
            ExtractError::TooMany { what, limit } => {
                format!("{}数量超过上限{limit}，已停止读取", zh_terms(what))
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

/// English phrases the readers put inside errors, in the reviewer's words (longest first).
const ZH_TERMS: &[(&str, &str)] = &[
    (
        "a Word body held only in altChunk parts that could not be read: ",
        "Word 正文全部位于无法读取的嵌入内容（altChunk）中：",
    ),
    (
        "TSD document-security (DLP) wrapper, not an Office file",
        "TSD 文档安全系统（DLP）加密外壳，不是 Office 文件",
    ),
    (
        "cell positions in one sheet's used area",
        "单个工作表使用区域的单元格位置",
    ),
    (
        "an OOXML package wrapped in EncryptedPackage",
        "加密封装的 Office 文档",
    ),
    (
        "a zip archive that is no Office document",
        "不是 Office 文档的压缩包",
    ),
    (
        "OLE compound (.doc/.xls/.wps)",
        "OLE 复合文档（.doc/.xls/.wps）",
    ),
    ("Word 95 or older .doc", "Word 95 或更早版本的 .doc 文档"),
    (
        "Word .doc with fEncrypted set",
        "设有密码的 Word 97-2003 文档",
    ),
    ("unrecognised binary format", "无法识别的二进制格式"),
    ("password-protected zip entry", "设有密码的压缩包条目"),
    ("password-protected PDF", "设有密码的 PDF 文件"),
    ("Excel 97-2003 .xls", "Excel 97-2003 工作簿（.xls）"),
    ("Excel .xlsx", "Excel 工作簿（.xlsx）"),
    ("Word .docx", "Word 文档（.docx）"),
    ("Word .doc", "Word 97-2003 文档（.doc）"),
    ("zip/OOXML", "压缩包或 Office 文档"),
    ("zip archive", "压缩包"),
    ("text objects", "文字对象"),
    ("zip entries", "压缩包条目"),
    ("pages", "页"),
    ("characters", "字符"),
    ("zip entry ", "压缩包条目 "),
    ("blocks", "段落"),
    ("cells", "单元格"),
    ("RTF", "RTF 格式文档"),
    ("PDF", "PDF 文件"),
    ("OFD", "OFD 文件"),
];

/// `s` with the readers' English phrases put in Chinese; ", saved with a .x name" (a misnamed
/// file) becomes "，但文件扩展名为 .x"; a technical note in parentheses (nFib …) is dropped.
pub fn zh_terms(s: &str) -> String {
    let (head, misnamed) = match s.split_once(", saved with a .") {
        Some((head, rest)) => (
            head,
            format!("，但文件扩展名为 .{}", rest.trim_end_matches(" name")),
        ),
        None => (s, String::new()),
    };
    let head = match head.find(" (nFib") {
        Some(i) => &head[..i],
        None => head,
    };
    let mut out = String::new();
    let mut rest = head;
    'outer: while !rest.is_empty() {
        for (en, zh) in ZH_TERMS {
            if let Some(after) = rest.strip_prefix(en) {
                out.push_str(zh);
                rest = after;
                continue 'outer;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out + &misnamed
}

pub type Result<T, E = ExtractError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviewer_messages_carry_no_english_phrases() {
        let cases = [
            ExtractError::Unsupported(
                "a zip archive that is no Office document, saved with a .xlsx name".into(),
            ),
            ExtractError::Unsupported("Word 95 or older .doc (nFib 0x65)".into()),
            ExtractError::Encrypted("an OOXML package wrapped in EncryptedPackage".into()),
            ExtractError::Encrypted("password-protected PDF".into()),
            ExtractError::Corrupt {
                expected: "Excel .xlsx",
                detail: "invalid Zip archive: bad header".into(),
            },
            ExtractError::TooMany {
                what: "cells",
                limit: 10,
            },
        ];
        for e in cases {
            let zh = e.zh();
            let latin = zh
                .chars()
                .filter(|c| c.is_ascii_alphabetic())
                .collect::<String>();
            // Only format names (Office, Excel, Word, PDF, zip, xlsx …) may stay in Latin letters.
            let allowed = [
                "Office", "Excel", "Word", "PDF", "zip", "xlsx", "doc", "OCR",
            ];
            let mut rest = latin.clone();
            for a in allowed {
                rest = rest.replace(a, "");
            }
            assert!(rest.is_empty(), "{zh} ({rest})");
        }
        assert_eq!(
            ExtractError::Unsupported(
                "a zip archive that is no Office document, saved with a .xlsx name".into()
            )
            .zh(),
            "暂不支持该格式：不是 Office 文档的压缩包，但文件扩展名为 .xlsx"
        );
    }
}
