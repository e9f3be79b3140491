//! The xlsx reader and the indicator-table normalisation on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = pilot_review::xlsx::read(data, pilot_review::Limits::default());
});
