//! Benchmark of the check engine on realistic replies.
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use tact_core::{Channel, CheckInput, Checker, Situation};

const REPLIES: &[&str] = &[
    "We're sorry to hear you're having trouble connecting. Please try the troubleshooting here: [link] *MM",
    "Hi Dana, I'm so sorry we charged you twice for order 88213. That was our mistake. I've refunded the second charge of $42.10 today; it will reach your card within 3 business days. We've added a check at payment so it won't happen again. I'll email you on Friday to confirm it arrived. If anything else comes up, just reply here.",
    "Dear valued customer, we apologize for any inconvenience this may have caused. Per our policy there is nothing we can do. We'll look into it.",
    "Hi there, sorry for any inconvenience. The courier messed up, not us. It's just a small delay, it will be fixed soon!!",
];

fn bench(c: &mut Criterion) {
    let checker = Checker::builtin().expect("built-in rules compile");
    let bytes: usize = REPLIES.iter().map(|r| r.len()).sum();
    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("replies", |b| {
        b.iter(|| {
            for r in REPLIES {
                let input = CheckInput {
                    text: r,
                    situation: Situation::OurFault,
                    channel: Channel::Email,
                    customer: None,
                };
                black_box(checker.check(black_box(&input)));
            }
        })
    });
    // The same replies eight times over, checked together as `tact check --jsonl` does.
    let inputs: Vec<CheckInput> = REPLIES
        .iter()
        .cycle()
        .take(REPLIES.len() * 8)
        .map(|r| CheckInput {
            text: r,
            situation: Situation::OurFault,
            channel: Channel::Email,
            customer: None,
        })
        .collect();
    g.throughput(Throughput::Bytes(bytes as u64 * 8));
    g.bench_function("replies_together", |b| {
        b.iter(|| black_box(checker.check_all(black_box(&inputs))))
    });
    g.finish();
    c.bench_function("build_rule_set", |b| {
        b.iter(|| black_box(Checker::builtin().unwrap()))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
