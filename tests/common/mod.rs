//! Helpers shared by integration tests.

/// `rounds` mutated copies of `good`: each with 1..=`max_edits` random bytes overwritten and, when
/// `truncate` is set, one in five cut short. A fixed LCG keeps every run the same.
pub fn mutations(
    good: &[u8],
    seed: u64,
    rounds: usize,
    max_edits: usize,
    truncate: bool,
) -> Vec<Vec<u8>> {
    let mut state = seed;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    (0..rounds)
        .map(|_| {
            let mut b = good.to_vec();
            for _ in 0..1 + next() % max_edits {
                let i = next() % b.len();
                b[i] = next() as u8;
            }
            if truncate && next() % 5 == 0 {
                b.truncate(next() % good.len());
            }
            b
        })
        .collect()
}
