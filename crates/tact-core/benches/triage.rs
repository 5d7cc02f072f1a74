//! Triage speed on one core: a tweet-length complaint, and a longer email.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use tact_core::triage::Triager;

const TWEET: &str = "@AcmeHelp 3rd time this week!!! My order #A12345 was SUPPOSED to arrive Monday and it's still not here 😡 charged me $49.99 for nothing";

const EMAIL: &str = "Hello,\n\nI am writing for the second time about my washing machine (model WX-200), delivered on 3 May. It has leaked every time we use it and the engineer who came on Friday was rude and left without fixing it. I have a newborn at home and we cannot keep doing laundry at my mother's. I was promised a call back within 48 hours and nobody has called. If this isn't sorted by the end of the week I will ask for a full refund of £499 and leave a review.\n\nRegards,\nPriya";

fn bench(c: &mut Criterion) {
    let t = Triager::builtin().expect("built-in model");
    t.triage(TWEET);
    c.bench_function("triage_tweet", |b| b.iter(|| t.triage(black_box(TWEET))));
    c.bench_function("triage_email", |b| b.iter(|| t.triage(black_box(EMAIL))));
    // The parts, to see where the time goes.
    let v = tact_core::triage::vader::vader();
    c.bench_function("part_vader_tweet", |b| {
        b.iter(|| v.polarity(black_box(TWEET)))
    });
    c.bench_function("part_cues_tweet", |b| {
        b.iter(|| tact_core::triage::features::cues(black_box(TWEET)))
    });
    c.bench_function("part_features_tweet", |b| {
        b.iter(|| tact_core::triage::features::features(black_box(TWEET)))
    });
    c.bench_function("part_scores_tweet", |b| {
        b.iter(|| t.scores(black_box(TWEET)))
    });
    c.bench_function("part_facts_tweet", |b| {
        b.iter(|| tact_core::triage::facts::facts(black_box(TWEET)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
