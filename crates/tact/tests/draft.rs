//! `tact draft` from the outside: exit codes, error messages, JSON shape.

mod common;

use common::tact;

#[test]
fn bad_case_files_name_the_field_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("a.toml", "channel = \"email\"\n", "situation"),
        (
            "b.toml",
            "situation = \"our_fault\"\nproblem = 3\n",
            "problem",
        ),
        ("c.toml", "situation = \"bad_luck\"\n", "situation"),
        (
            "d.json",
            r#"{"situation": "policy_no", "options": "x"}"#,
            "options",
        ),
        (
            "e.json",
            r#"{"situation": "policy_no", "channel": "fax"}"#,
            "channel",
        ),
        (
            "f.toml",
            "situation = \"our_fault\"\nmood = \"sad\"\n",
            "mood",
        ),
    ];
    for (name, text, field) in cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let (code, _, err) = tact(&["draft", name], dir.path());
        assert_eq!(code, 2, "{name}: {err}");
        assert!(
            err.contains(name) && err.contains(&format!("`{field}`")),
            "{name}: {err}"
        );
    }
}

#[test]
fn json_output_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = tact(
        &[
            "draft",
            "--situation",
            "not-our-fault",
            "--channel",
            "sms",
            "--customer-name",
            "Ana",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for key in [
        "text",
        "score",
        "components",
        "anti_patterns",
        "missing_facts",
    ] {
        assert!(v.get(key).is_some(), "{key} in {out}");
    }
    assert!(v["text"].as_str().unwrap().starts_with("Hi Ana,"));
    let missing: Vec<&str> = v["missing_facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["fact"].as_str().unwrap())
        .collect();
    assert!(
        missing.contains(&"remedy") && missing.contains(&"cause"),
        "{missing:?}"
    );
}

#[test]
fn team_templates_override_and_errors_name_template_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tpl")).unwrap();
    std::fs::write(dir.path().join("tact.toml"), "templates = \"tpl\"\n").unwrap();
    std::fs::write(
        dir.path().join("tpl/policy_no.sms.j2"),
        "Hi {{ customer_name }}, no.\n",
    )
    .unwrap();
    let (code, out, err) = tact(
        &[
            "draft",
            "--situation",
            "policy-no",
            "--channel",
            "sms",
            "--customer-name",
            "Bo",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Hi Bo, no."), "{out}");
    std::fs::write(
        dir.path().join("tpl/sms.j2"),
        "Hi\n{{ customer_name }}\n{{ order_id }}\n",
    )
    .unwrap();
    let (code, _, err) = tact(&["draft", "--situation", "our-fault"], dir.path());
    assert_eq!(code, 2);
    assert!(
        err.contains("template sms.j2:3") && err.contains("order_id"),
        "{err}"
    );
}

#[test]
fn from_complaint_takes_the_name_and_lists_what_a_person_must_add() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.txt"),
        "Hi, I'm Dana. You charged me twice for my order!\n",
    )
    .unwrap();
    let (code, out, err) = tact(&["draft", "--from-complaint", "m.txt"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Hi Dana,"), "{out}");
    assert!(
        out.contains("only a person can supply: cause, remedy"),
        "{out}"
    );
}

#[test]
fn variants_are_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "draft",
        "--situation",
        "our-fault",
        "--variants",
        "3",
        "--seed",
        "5",
        "--format",
        "json",
    ];
    let (_, a, _) = tact(&args, dir.path());
    let (_, b, _) = tact(&args, dir.path());
    assert_eq!(a, b);
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
}

#[test]
fn from_complaint_runs_triage_for_situation_feeling_and_references() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.txt"),
        "This is the 3rd time I'm writing!!! Order #A12345 was supposed to arrive Monday and \
         it's STILL not here. I'm so fed up.\n\nThanks,\nDana\n",
    )
    .unwrap();
    let (code, out, err) = tact(
        &["draft", "--from-complaint", "m.txt", "--format", "json"],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let text = v["text"].as_str().or(v[0]["text"].as_str()).unwrap_or(&out);
    assert!(text.contains("Dana"), "{out}");
    assert!(text.contains("A12345"), "the reference is used: {out}");
    let (code, out, err) = tact(&["draft", "--from-complaint", "m.txt"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("note: situation judged our_fault"), "{out}");
    assert!(out.contains("get in touch again"), "{out}");
    assert!(
        out.contains("shouldn't have had to contact us again"),
        "{out}"
    );
    assert!(!out.contains("FEEL001"), "the draft owns the repeat: {out}");
    assert!(out.contains("only a person can supply"), "{out}");
    assert!(out.contains("A12345"), "{out}");
}

#[test]
fn from_complaint_names_a_worried_customer_s_feeling() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.txt"),
        "I'm really worried and scared, my insulin delivery hasn't come and I'm nervous I \
         will run out. Please help.\n",
    )
    .unwrap();
    let (code, out, err) = tact(&["draft", "--from-complaint", "m.txt"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("the customer shows worry"), "{out}");
    assert!(out.contains("worrying"), "{out}");
}
