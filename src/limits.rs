//! Resource limits that keep hostile input from taking unbounded memory or time.

/// Caps applied while reading one file. Defaults suit real submissions with a wide margin.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input file read into memory.
    pub max_file_bytes: u64,
    /// Largest decompressed size of one part of a zip package.
    pub max_part_bytes: u64,
    /// Largest decompressed size of all parts read from one package.
    pub max_package_bytes: u64,
    /// Most entries a zip package may list.
    pub max_zip_entries: usize,
    /// Deepest XML nesting accepted.
    pub max_xml_depth: usize,
    /// Most blocks extracted from one document.
    pub max_blocks: usize,
    /// Most non-empty cells read from one workbook.
    pub max_cells: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 << 20,
            max_part_bytes: 128 << 20,
            max_package_bytes: 512 << 20,
            max_zip_entries: 20_000,
            max_xml_depth: 256,
            max_blocks: 500_000,
            max_cells: 2_000_000,
        }
    }
}
