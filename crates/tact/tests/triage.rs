//! `tact triage` and `tact eval --task …` from the outside: output shape, JSON Lines order,
//! errors naming file and line, exit codes.

mod common;

use common::tact;

const ANGRY: &str = "This is the 3rd time I've contacted you!!! My order #88231 was supposed to \
                     arrive Monday and it's STILL not here. Absolutely ridiculous, I'm so fed up.";

#[test]
fn text_output_shows_every_judgement_with_its_words() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.txt"), ANGRY).unwrap();
    let (code, out, err) = tact(&["triage", "m.txt"], dir.path());
    assert_eq!(code, 0, "{err}");
    for k in [
        "sentiment",
        "emotions",
        "complaint",
        "category",
        "urgency",
        "situation",
        "facts",
        "reply needs",
    ] {
        assert!(out.contains(k), "{k} missing: {out}");
    }
    assert!(out.contains("repeated_contact"), "{out}");
    assert!(out.contains("88231"), "{out}");
    assert!(out.contains("empathy (required)"), "{out}");
}

#[test]
fn json_has_the_documented_fields() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.txt"), ANGRY).unwrap();
    let (code, out, err) = tact(&["triage", "m.txt", "--format", "json"], dir.path());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["id"], "m.txt");
    let compound = v["sentiment"]["compound"].as_f64().unwrap();
    assert!((-1.0..=1.0).contains(&compound));
    let label = if compound >= 0.05 {
        "positive"
    } else if compound <= -0.05 {
        "negative"
    } else {
        "neutral"
    };
    assert_eq!(v["sentiment"]["label"], label);
    for e in [
        "anger",
        "frustration",
        "disappointment",
        "worry",
        "confusion",
        "gratitude",
    ] {
        let x = v["emotions"][e].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&x), "{e} = {x}");
    }
    assert_eq!(v["complaint"]["is_complaint"], true);
    assert!(v["complaint"]["probability"].as_f64().is_some());
    for k in ["category", "urgency", "situation"] {
        assert!(v[k].is_string(), "{k}");
    }
    assert!(v["needs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n == "empathy"));
    assert_eq!(v["facts"]["references"][0]["text"], "88231");
    let text = ANGRY;
    for e in v["evidence"].as_array().unwrap() {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..t], e["text"].as_str().unwrap());
    }
}

#[test]
fn jsonl_keeps_order_and_names_the_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = Vec::new();
    for i in 0..40 {
        lines.push(serde_json::json!({"id": format!("m{i}"), "text": if i % 2 == 0 { ANGRY } else { "Thanks so much, you were great!" }}).to_string());
    }
    lines.insert(7, "{not json".to_string());
    std::fs::write(dir.path().join("m.jsonl"), lines.join("\n")).unwrap();
    let (code, out, err) = tact(&["triage", "--jsonl", "m.jsonl"], dir.path());
    assert_eq!(code, 2, "a malformed line exits 2");
    assert!(err.contains("line 8"), "{err}");
    let ids: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let want: Vec<String> = (0..40).map(|i| format!("m{i}")).collect();
    assert_eq!(ids, want);

    std::fs::write(
        dir.path().join("n.jsonl"),
        r#"{"key": 1, "body": "Where is my refund?!"}"#,
    )
    .unwrap();
    let (code, out, err) = tact(
        &[
            "triage",
            "--jsonl",
            "n.jsonl",
            "--text-field",
            "body",
            "--id-field",
            "key",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("{\"id\":1,"), "{out}");
}

#[test]
fn bad_input_is_a_clear_error_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"ok\n\xff\xfe").unwrap();
    let (code, _, err) = tact(&["triage", "bad.txt"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("bad.txt:2:1"), "{err}");
    std::fs::write(dir.path().join("empty.txt"), "  \n").unwrap();
    let (code, _, err) = tact(&["triage", "empty.txt"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("empty"), "{err}");
    std::fs::write(
        dir.path().join("c.csv"),
        "id,text,is_complaint\n1,hi,1\n2,\"oops,3\n",
    )
    .unwrap();
    let (code, _, err) = tact(&["eval", "--task", "complaints", "c.csv"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("c.csv") && err.contains("line 3"), "{err}");
    std::fs::write(dir.path().join("e.tsv"), "fine\t27\tx\nbad\t99\ty\n").unwrap();
    let (code, _, err) = tact(&["eval", "--task", "emotions", "e.tsv"], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("e.tsv:2"), "{err}");
}

#[test]
fn eval_tasks_print_figures_and_apply_floors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("c.csv"),
        format!("id,text,is_complaint,domain\n1,\"{ANGRY}\",1,x\n2,Thanks for the quick help today!,0,x\n"),
    )
    .unwrap();
    let (code, out, err) = tact(
        &["eval", "--task", "complaints", "c.csv", "--format", "json"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["task"], "complaints");
    assert!(v["labels"]["complaint"]["f1"].as_f64().is_some());
    assert!(v["roc_auc"].as_f64().is_some());
    let (code, _, err) = tact(
        &["eval", "--task", "complaints", "c.csv", "--min-f1", "1.01"],
        dir.path(),
    );
    assert_eq!(code, 1, "{err}");

    std::fs::write(
        dir.path().join("e.tsv"),
        "Thank you so much, this is wonderful\t15\ta\nI hate this stupid thing\t2\tb\n",
    )
    .unwrap();
    let (code, out, err) = tact(
        &["eval", "--task", "emotions", "e.tsv", "--format", "json"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["task"], "emotions");
    for g in [
        "anger_group",
        "sadness_group",
        "fear_group",
        "confusion_group",
        "gratitude_group",
        "joy_group",
    ] {
        assert!(v["labels"][g].is_object(), "{g}");
    }
    let (code, _, _) = tact(
        &[
            "eval",
            "--task",
            "emotions",
            "e.tsv",
            "--min-group-f1",
            "gratitude_group=1.01",
        ],
        dir.path(),
    );
    assert_eq!(code, 1);
    let (code, _, err) = tact(
        &[
            "eval",
            "--task",
            "emotions",
            "e.tsv",
            "--min-group-f1",
            "nope=0.5",
        ],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("unknown group"), "{err}");
}
