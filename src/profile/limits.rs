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
    /// Most pages of one scanned file given to OCR (the rest are reported as not read).
    pub max_ocr_pages: usize,
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
            max_ocr_pages: 30,
        }
    }
}

/// The limits as a profile states them (`[limits]` in profile.toml), sizes in MiB.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitsSpec {
    pub max_file_mib: u64,
    pub max_part_mib: u64,
    pub max_package_mib: u64,
    pub max_zip_entries: usize,
    pub max_xml_depth: usize,
    pub max_blocks: usize,
    pub max_cells: usize,
    pub max_ocr_pages: usize,
}

impl Default for LimitsSpec {
    fn default() -> Self {
        let d = Limits::default();
        LimitsSpec {
            max_file_mib: d.max_file_bytes >> 20,
            max_part_mib: d.max_part_bytes >> 20,
            max_package_mib: d.max_package_bytes >> 20,
            max_zip_entries: d.max_zip_entries,
            max_xml_depth: d.max_xml_depth,
            max_blocks: d.max_blocks,
            max_cells: d.max_cells,
            max_ocr_pages: d.max_ocr_pages,
        }
    }
}

impl LimitsSpec {
    pub fn limits(&self) -> Limits {
        Limits {
            max_file_bytes: self.max_file_mib << 20,
            max_part_bytes: self.max_part_mib << 20,
            max_package_bytes: self.max_package_mib << 20,
            max_zip_entries: self.max_zip_entries,
            max_xml_depth: self.max_xml_depth,
            max_blocks: self.max_blocks,
            max_cells: self.max_cells,
            max_ocr_pages: self.max_ocr_pages,
        }
    }

    /// (field, message) for each value that cannot work: zero, or a size past 64 GiB.
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (field, v) in [
            ("max_file_mib", self.max_file_mib as usize),
            ("max_part_mib", self.max_part_mib as usize),
            ("max_package_mib", self.max_package_mib as usize),
            ("max_zip_entries", self.max_zip_entries),
            ("max_xml_depth", self.max_xml_depth),
            ("max_blocks", self.max_blocks),
            ("max_cells", self.max_cells),
            ("max_ocr_pages", self.max_ocr_pages),
        ] {
            if v == 0 {
                out.push((field.to_owned(), "must be at least 1".to_owned()));
            } else if field.ends_with("_mib") && v > 65_536 {
                out.push((
                    field.to_owned(),
                    "must be at most 65536 (64 GiB)".to_owned(),
                ));
            }
        }
        out
    }
}
