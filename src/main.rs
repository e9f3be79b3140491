//! The `pilot-review` command line. Parsing only; each subcommand lives in `pilot_review::cmd`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use pilot_review::cmd;

/// mimalloc instead of the system allocator: indexing and checking allocate many small strings
/// and vectors per passage, and glibc's malloc/free took ~8% of a run's CPU.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "pilot-review",
    version,
    about = "国家产融合作试点城市材料审查：读取、核对提纲、标记问题、全文检索、提炼典型经验\nReview submissions to the National Industry-Finance Cooperation Pilot City programme"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 主任务：读取、审查、建索引并写出报告（checks.jsonl、审查页、review.xlsx、典型经验）
    /// / The main job: read, check, index and write the reports.
    Run {
        /// 报送材料文件夹（每个报送单位一个子文件夹或 .zip）/ Corpus folder (one folder or .zip per submission)
        #[arg(default_value = "corpus")]
        corpus: PathBuf,
        /// 检索索引文件夹 / Search index folder
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// 报告输出文件夹 / Reports folder
        #[arg(long, default_value = "reports")]
        out: PathBuf,
        /// 修改过的规则文件夹（见 write-profile）/ An edited profile folder (see write-profile)
        #[arg(long)]
        profile: Option<PathBuf>,
        /// 上一轮实施方案文件夹：每个城市一个子文件夹（名称含城市名），对照其目标 / Earlier plans,
        /// one folder per city (named with the city), whose targets are checked
        #[arg(long)]
        previous: Option<PathBuf>,
    },
    /// 本机网页：检索、全文查看、原件下载、审查结果 / Local web UI: search, whole documents,
    /// originals, the reports of `run`
    Serve {
        /// 监听地址，默认仅本机；0.0.0.0:端口 仅限可信网络 / Address (loopback by default)
        #[arg(long, default_value = "127.0.0.1:8080", value_parser = parse_addr)]
        addr: std::net::SocketAddr,
        /// 检索索引文件夹 / Search index folder
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// run 写出的报告文件夹 / The reports folder `run` wrote
        #[arg(long, default_value = "reports")]
        reports: PathBuf,
        /// 修改过的规则文件夹 / An edited profile folder
        #[arg(long)]
        profile: Option<PathBuf>,
    },
    /// 抽取一个文件的段落和标题结构；对文件夹，列出每个文件读成了什么 / One document's blocks
    /// and sections; for a folder, what every file was read as
    Extract {
        /// 文件、报送单位文件夹或材料总文件夹 / A file, a submission folder or a corpus folder
        path: PathBuf,
        /// 输出 JSON / JSON output
        #[arg(long)]
        json: bool,
    },
    /// 审查：每个报送单位的文件、提纲覆盖和问题 / One review per submission: documents, outline
    /// coverage and flags
    Check {
        /// 报送单位文件夹，或包含它们的材料文件夹 / Submission folders, or corpus folders
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// 输出 JSON Lines，每个报送单位一行 / JSON Lines, one object per submission
        #[arg(long)]
        json: bool,
        /// 修改过的规则文件夹，默认按2023年通知 / An edited profile folder (default: the 2023 notice)
        #[arg(long)]
        profile: Option<PathBuf>,
        /// 上一轮实施方案文件夹：每个城市一个子文件夹（名称含城市名），对照其目标 / Earlier plans,
        /// one folder per city (named with the city), whose targets are checked
        #[arg(long)]
        previous: Option<PathBuf>,
    },
    /// 建立或更新检索索引（只重读有变化的报送单位）/ Build or update the search index
    Index {
        /// 报送材料文件夹 / Corpus folder
        #[arg(default_value = "corpus")]
        corpus: PathBuf,
        /// 检索索引文件夹 / Search index folder
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// 修改过的规则文件夹 / An edited profile folder
        #[arg(long)]
        profile: Option<PathBuf>,
    },
    /// 全文检索：段落中按顺序含有检索词的字即命中；空格分隔须同时出现，引号内为整体 / Full-text search
    #[command(
        long_about = "全文检索：段落中按顺序含有检索词的字即命中（长词内部、单字、数字符号都算）；空格分隔的几部分须同时出现，引号内为一个整体。\nFull-text search: every passage holding the query's characters in sequence is a hit (inside longer words, one character, numbers and symbols); space-separated parts must all occur; \"quoted text\" is one part."
    )]
    Search {
        /// 检索词（使用 --batch 时省略）/ The query (omit with --batch)
        #[arg(required_unless_present = "batch")]
        query: Option<String>,
        /// 检索索引文件夹 / Search index folder
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// 只看该城市，如 苏州市 / Only this city
        #[arg(long)]
        city: Option<String>,
        /// 只看该省份，如 江苏省 / Only this province
        #[arg(long)]
        province: Option<String>,
        /// 文件类型：自评报告、实施方案、指标数据、报送函件、证明材料 / Document kind
        /// (self_evaluation, implementation_plan, indicators, cover_letter, evidence)
        #[arg(long)]
        kind: Option<String>,
        /// 提纲章节编号，如 innovation.products / Outline section id
        #[arg(long)]
        section: Option<String>,
        /// 评估 或 申报 / evaluation or application
        #[arg(long)]
        role: Option<String>,
        /// 最多显示条数，超出时会说明 / At most this many hits
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// 显示全部命中 / Every hit
        #[arg(long)]
        all: bool,
        /// 输出 JSON Lines，每条命中一行 / JSON Lines, one hit each
        #[arg(long)]
        json: bool,
        /// 按报送单位分组 / Group hits by submission
        #[arg(long)]
        by_submission: bool,
        /// 批量检索文件，每行一个检索词（“检索词 | city=… kind=…”），写出 batch.csv 和 batch.xlsx
        /// / A file of queries, one a line
        #[arg(long)]
        batch: Option<PathBuf>,
        /// --batch 的输出文件夹 / Where --batch writes
        #[arg(long, default_value = "reports")]
        out: PathBuf,
    },
    /// 典型经验：跨城市的做法主题（取自索引）/ The typical-experience digest across cities
    Experiences {
        /// 检索索引文件夹 / Search index folder
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// 修改过的规则文件夹 / An edited profile folder
        #[arg(long)]
        profile: Option<PathBuf>,
        /// 输出 JSON / JSON output
        #[arg(long)]
        json: bool,
        /// 写入文件，按扩展名为 .xlsx、.html 或 .json / Write to a file: .xlsx, .html or .json
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// 审查记录（核实状态、说明、评分、结论、星标、标签）的导出与合并 / Reviewers' decisions:
    /// export and merge between machines
    Decisions {
        #[command(subcommand)]
        action: DecisionsAction,
    },
    /// 把内置规则（提纲、规则、指标、词典）写到文件夹以便修改 / Write the embedded profile into DIR
    WriteProfile {
        /// 目标文件夹 / Target folder
        dir: PathBuf,
        /// 覆盖已有文件 / Overwrite files that exist
        #[arg(long)]
        force: bool,
    },
    /// 生成带答案（answers.json）的示例材料 / Write a generated corpus with an answer key
    SampleCorpus {
        /// 目标文件夹 / Target folder
        dir: PathBuf,
        /// 报送单位个数 / Number of submissions
        #[arg(long, default_value_t = 12)]
        submissions: usize,
        /// 随机种子 / Random seed
        #[arg(long, default_value_t = 2023)]
        seed: u64,
    },
}

/// clap's own words in both languages: headings, the help and version flags, the usage line.
fn bilingual(c: clap::Command) -> clap::Command {
    let c = c
        .help_template("{about-with-newline}\n用法 Usage: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令 Commands")
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "参数 Arguments"
            } else {
                "选项 Options"
            };
            a.help_heading(heading)
        })
        .next_help_heading("选项 Options")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助 / Print help"),
        )
        .mut_subcommands(bilingual);
    if c.get_version().is_some() {
        c.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本 / Print version"),
        )
    } else {
        c
    }
}

/// Clap's error kinds said in Chinese, before clap's own (English) message.
fn parse_error_zh(e: &clap::Error) -> Option<&'static str> {
    use clap::error::ErrorKind::*;
    Some(match e.kind() {
        InvalidSubcommand => "没有这个命令",
        UnknownArgument => "没有这个参数",
        MissingRequiredArgument => "缺少必需的参数",
        InvalidValue | ValueValidation => "参数值无效",
        MissingSubcommand | DisplayHelpOnMissingArgumentOrSubcommand => "请给出一个命令",
        TooManyValues | WrongNumberOfValues | TooFewValues => "参数个数不对",
        ArgumentConflict => "参数不能同时使用",
        DisplayHelp | DisplayVersion => return None,
        _ => "命令行有误",
    })
}

/// `HOST:PORT` with HOST a name (localhost) or an address; the first address the name resolves to.
fn parse_addr(s: &str) -> Result<std::net::SocketAddr, String> {
    use std::net::ToSocketAddrs;
    s.to_socket_addrs()
        .map_err(|e| {
            format!(
                "无法解析地址 “{s}”（应为 主机:端口，如 127.0.0.1:8080 或 localhost:8080）: {e}"
            )
        })?
        .next()
        .ok_or_else(|| format!("地址 “{s}” 没有解析出任何 IP"))
}

#[derive(Subcommand)]
enum DecisionsAction {
    /// 导出全部审查记录（含修改历史）；默认列出当前结论，--json 输出可导入的文件 / Export every
    /// decision with its history (readable list; --json for a file `import` reads)
    Export {
        /// 检索索引文件夹（审查记录库 reviews.db 在其旁边）/ Index folder (reviews.db is beside it)
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// 输出可导入的 JSON / JSON for `decisions import`
        #[arg(long)]
        json: bool,
        /// 写入文件而不是屏幕 / Write to this file instead of stdout
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// 合并另一台电脑导出的审查记录（按记录身份合并，列出冲突）/ Merge an export from another
    /// machine (by identity; conflicts listed)
    Import {
        /// decisions export --json 写出的文件 / A file written by `decisions export --json`
        file: PathBuf,
        /// 检索索引文件夹（审查记录库 reviews.db 在其旁边）/ Index folder (reviews.db is beside it)
        #[arg(long, default_value = "index")]
        index: PathBuf,
        /// 修改过的规则文件夹（核对评分项）/ An edited profile folder (to check scoring items)
        #[arg(long)]
        profile: Option<PathBuf>,
    },
}

/// Whether an error comes from writing into a closed pipe (`… | head`): not a failure of ours.
fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

fn main() -> ExitCode {
    // No transparent huge pages for this process. mimalloc asks for them on its arenas, and on a
    // kernel whose THP setting is `madvise` every first touch of a 2 MiB page was zeroed whole (a
    // fifth of `index`'s CPU at 150 submissions) and sometimes waited for compaction: without them
    // `index` at 5,000 submissions took 7.5 s instead of 9.5 s and 201 MiB instead of 231 MiB.
    // Refused (old kernel, sandbox): nothing changes.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    // A reader's panic is caught and reported on its file (`read::extract`); log one line for it
    // instead of the default message and backtrace. RUST_BACKTRACE keeps the full report.
    if std::env::var_os("RUST_BACKTRACE").is_none() {
        std::panic::set_hook(Box::new(|info| {
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            eprintln!(
                "pilot-review: internal error in a reader{at} (the file is reported as unreadable)"
            );
        }));
    }
    let matches = bilingual(Cli::command()).try_get_matches();
    let cli = match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => {
            if let Some(zh) = parse_error_zh(&e) {
                eprintln!("错误：{zh}（pilot-review --help 查看用法）");
            }
            e.exit()
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match cli.command {
        Command::Run {
            corpus,
            index,
            out: dir,
            profile,
            previous,
        } => cmd::run::run(
            &corpus,
            &index,
            &dir,
            profile.as_deref(),
            previous.as_deref(),
            &mut out,
        ),
        Command::Serve {
            addr,
            index,
            reports,
            profile,
        } => cmd::check::load_profile(profile.as_deref()).and_then(|profile| {
            pilot_review::serve::serve(
                pilot_review::serve::Options {
                    addr,
                    index,
                    reports,
                    profile,
                },
                &mut out,
            )
            .map(|()| true)
        }),
        Command::Extract { path, json } if path.is_dir() => {
            cmd::extract::folder(&path, json, &mut out)
        }
        Command::Extract { path, json } => cmd::extract::file(&path, json, &mut out),
        Command::Check {
            dirs,
            json,
            profile,
            previous,
        } => cmd::check::run(
            &dirs,
            json,
            profile.as_deref(),
            previous.as_deref(),
            &mut out,
        ),
        Command::Index {
            corpus,
            index,
            profile,
        } => cmd::index::run(&corpus, &index, profile.as_deref(), &mut out),
        Command::Search {
            batch: Some(file),
            index,
            out: dir,
            ..
        } => cmd::search::run_batch(&file, &index, &dir, &mut out),
        Command::Search {
            query,
            index,
            city,
            province,
            kind,
            section,
            role,
            limit,
            all,
            json,
            by_submission,
            ..
        } => {
            let filters = pilot_review::search::query::Filters {
                city,
                province,
                kind,
                section,
                role,
            };
            let o = cmd::search::Options {
                index: &index,
                filters,
                limit,
                all,
                json,
                by_submission,
            };
            cmd::search::run(query.as_deref().unwrap_or_default(), &o, &mut out)
        }
        Command::Experiences {
            index,
            profile,
            json,
            out: file,
        } => cmd::experiences::run(&index, profile.as_deref(), json, file.as_deref(), &mut out),
        Command::Decisions {
            action:
                DecisionsAction::Export {
                    index,
                    json,
                    out: file,
                },
        } => cmd::decisions::export(&index, json, file.as_deref(), &mut out),
        Command::Decisions {
            action:
                DecisionsAction::Import {
                    file,
                    index,
                    profile,
                },
        } => cmd::decisions::import(&file, &index, profile.as_deref(), &mut out),
        Command::WriteProfile { dir, force } => cmd::write_profile::run(&dir, force, &mut out),
        Command::SampleCorpus {
            dir,
            submissions,
            seed,
        } => cmd::sample_corpus::run(&dir, submissions, seed, &mut out),
    };
    drop(out);
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pilot-review: {e:#}");
            ExitCode::FAILURE
        }
    }
}
