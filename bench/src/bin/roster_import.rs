//! Roster import benchmark: generates a roster workbook (100,000 rows by default), times
//! calamine reading it, then times `zhibu import members FILE` (a check, then `--commit`) into a
//! fresh SQLite database holding the demo org tree, and prints the figures and their ratio.
//!
//! ```sh
//! cargo build --release -p zhibu -p bench
//! target/release/roster_import [ROWS]
//! ```
//!
//! The targets (docs/PERFORMANCE.md): the import within 5 s and within 3× calamine's read.

use anyhow::{Context, bail};
use calamine::Reader;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "罗", "高", "林",
];
const BRANCHES: [&str; 14] = [
    "重庆市机械工程学会党支部",
    "重庆市电子学会党支部",
    "重庆市计算机学会党支部",
    "重庆市化学化工学会党支部",
    "重庆市土木建筑学会党支部",
    "重庆市农学会党支部",
    "重庆市气象学会党支部",
    "重庆市地质学会党支部",
    "重庆市环境科学学会党支部",
    "重庆市药学会党支部",
    "重庆市水利学会党支部",
    "重庆市汽车工程学会党支部",
    "重庆市自动化学会党支部",
    "重庆市林学会党支部",
];

/// A roster of `rows` distinct people spread over the demo branches, every column filled in
/// as people fill it (dates in two spellings, some positions, some probationary members).
fn roster(rows: usize, path: &Path) -> anyhow::Result<()> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "姓名",
        "所在组织",
        "性别",
        "出生日期",
        "手机号码",
        "电子邮箱",
        "党员类型",
        "入党日期",
        "职务",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    for i in 0..rows {
        let r = i as u32 + 1;
        let year = 1950 + i % 50;
        let (month, day) = (1 + i % 12, 1 + i % 28);
        let values = [
            format!("{}测{:06}", SURNAMES[i % SURNAMES.len()], i),
            BRANCHES[i % BRANCHES.len()].to_owned(),
            if i % 3 == 0 { "女" } else { "男" }.to_owned(),
            if i % 2 == 0 {
                format!("{year}-{month:02}-{day:02}")
            } else {
                format!("{year}年{month}月{day}日")
            },
            format!("139{i:08}"),
            if i % 4 == 0 {
                format!("m{i}@example.org")
            } else {
                String::new()
            },
            if i % 10 == 0 {
                "预备党员"
            } else {
                "正式党员"
            }
            .to_owned(),
            format!("{}-07-01", year + 25),
            match i % 40 {
                0 => "书记".to_owned(),
                1 => "组织委员、宣传委员".to_owned(),
                _ => String::new(),
            },
        ];
        for (c, v) in values.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r, c as u16, v)?;
            }
        }
    }
    book.save(path)?;
    Ok(())
}

/// calamine's own read of the first sheet: open the workbook, load the range, count the cells.
fn calamine_read(path: &Path) -> anyhow::Result<(Duration, usize)> {
    let start = Instant::now();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path)?;
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name)?;
    let cells = range.used_cells().count();
    Ok((start.elapsed(), cells))
}

/// A new SQLite database in `dir` with the demo org tree (and its 280 members).
async fn fresh_database(dir: &Path) -> anyhow::Result<String> {
    std::fs::create_dir_all(dir)?;
    let url = web::Config::new(dir).database_url();
    let db = store::Db::connect(&url).await?;
    store::migrate(&db).await?;
    app::demo::load_if_empty(
        &db,
        &app::Zone::parse("Asia/Shanghai").context("the zone")?,
        domain::Timestamp(0),
        Some("Bench-Pass-2026"),
    )
    .await?
    .context("the database was not empty")?;
    db.close().await;
    Ok(url)
}

async fn members(url: &str) -> anyhow::Result<i64> {
    let db = store::Db::connect(url).await?;
    let n = store::members::count(db.read()).await?;
    db.close().await;
    Ok(n)
}

/// The zhibu binary beside this one (target/release), or `ZHIBU_BIN`.
fn zhibu_binary() -> PathBuf {
    std::env::var_os("ZHIBU_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let me = std::env::current_exe().unwrap_or_default();
            me.with_file_name("zhibu")
        })
}

/// Runs `zhibu import members FILE [--commit] --data DATA` and answers how long it took.
fn run(zhibu: &Path, file: &Path, data: &Path, commit: bool) -> anyhow::Result<Duration> {
    let mut command = Command::new(zhibu);
    command
        .args(["import", "members"])
        .arg(file)
        .arg("--data")
        .arg(data);
    if commit {
        command.arg("--commit");
    }
    let start = Instant::now();
    let out = command
        .env_remove("ZHIBU_DATABASE_URL")
        .env("RUST_LOG", "error")
        .output()?;
    let took = start.elapsed();
    if !out.status.success() {
        bail!(
            "the import failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(took)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let rows: usize = match std::env::args().nth(1) {
        Some(n) => n.parse().context("ROWS must be a number")?,
        None => 100_000,
    };
    let zhibu = zhibu_binary();
    if !zhibu.exists() {
        bail!(
            "{} not found: cargo build --release -p zhibu (or set ZHIBU_BIN)",
            zhibu.display()
        );
    }
    let work = tempfile::tempdir()?;
    // BENCH_KEEP=DIR keeps the workbook there, to run the import by hand (under perf, say).
    let file = match std::env::var_os("BENCH_KEEP") {
        Some(dir) => PathBuf::from(dir).join("roster.xlsx"),
        None => work.path().join("roster.xlsx"),
    };
    let start = Instant::now();
    roster(rows, &file)?;
    println!(
        "generated {rows} rows in {:.2} s ({:.1} MB)",
        start.elapsed().as_secs_f64(),
        std::fs::metadata(&file)?.len() as f64 / 1e6
    );

    // Three rounds, each reading with calamine and importing into a fresh database with the
    // demo org tree, interleaved so a busy moment of the machine weighs on both; the best of
    // each is kept (the first calamine read also warms the page cache).
    let (mut read, mut check, mut import) = (Duration::MAX, Duration::MAX, Duration::MAX);
    let mut runs = Vec::new();
    for round in 0..3 {
        let (took, cells) = calamine_read(&file)?;
        read = read.min(took);
        if cells < rows {
            bail!("calamine read {cells} cells");
        }
        let data = work.path().join(format!("data{round}"));
        let url = fresh_database(&data).await?;
        let before = members(&url).await?;
        check = check.min(run(&zhibu, &file, &data, false)?);
        let took = run(&zhibu, &file, &data, true)?;
        runs.push(format!("{:.3}", took.as_secs_f64()));
        import = import.min(took);
        let added = members(&url).await? - before;
        if added != rows as i64 {
            bail!("{added} members added, expected {rows}");
        }
    }

    let secs = |d: Duration| d.as_secs_f64();
    println!(
        "calamine read (open + first sheet): {:.3} s (best of 3)",
        secs(read)
    );
    println!(
        "zhibu import members (check only):  {:.3} s (best of 3)",
        secs(check)
    );
    println!(
        "zhibu import members --commit:      {:.3} s (best of 3: {} s; fresh SQLite)",
        secs(import),
        runs.join(" / ")
    );
    println!(
        "ratio import / calamine read:       {:.2}",
        secs(import) / secs(read)
    );
    Ok(())
}
