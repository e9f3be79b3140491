//! A .zip submission on arbitrary bytes: entries, names, paths and sizes; then each entry extracted.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = pilot_review::Limits::default();
    if let Ok(entries) = pilot_review::archive::entries_from_bytes(data, limits) {
        for e in entries {
            if let Ok(bytes) = e.content {
                let _ = pilot_review::extract::extract_bytes(&bytes, &e.path, limits);
            }
        }
    }
});
