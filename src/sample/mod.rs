//! Sample corpus generator.
pub fn generate(_dir: &std::path::Path, _n: usize, _seed: u64) -> anyhow::Result<String> {
    anyhow::bail!("not yet")
}
