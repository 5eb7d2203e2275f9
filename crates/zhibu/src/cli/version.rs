//! `zhibu version`.

pub fn run() -> anyhow::Result<()> {
    println!("zhibu {}", env!("CARGO_PKG_VERSION"));
    Ok(())
}
