//! The whole per-file path — sniffing, the matching reader, structure, classification — without the
//! panic isolation the batch relies on, so any panic is found.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    std::panic::set_hook(Box::new(|_| std::process::abort()));
    let _ = pilot_review::extract::extract_bytes(data, "fuzz.bin", pilot_review::Limits::default());
});
