//! The ofd reader and the structure analysis on arbitrary bytes: an error is fine, a panic is a bug.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(raw) = pilot_review::ofd::read(data, pilot_review::Limits::default()) {
        let _ = pilot_review::structure::structure(raw);
    }
});
