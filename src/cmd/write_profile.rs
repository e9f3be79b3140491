//! `pilot-review write-profile DIR [--force]`: the embedded profile, written out for editing.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::profile::Profile;

pub fn run(dir: &Path, force: bool, out: &mut dyn Write) -> Result<bool> {
    for f in Profile::write_embedded(dir, force)? {
        writeln!(out, "已写入 / wrote {}", f.display())?;
    }
    writeln!(
        out,
        "编辑后用 --profile {} 加载 / edit, then load with --profile {}",
        dir.display(),
        dir.display()
    )?;
    Ok(true)
}
