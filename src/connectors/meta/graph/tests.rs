//! Graph API errors and usage headers, from recorded answers (the shared fixtures, where they
//! are here) and from the shapes Meta documents.

use super::*;
use crate::connectors::http::NetworkError;

fn now() -> jiff::Timestamp {
    "2026-11-20T10:00:00Z".parse().unwrap()
}

fn error(code: i64, subcode: Option<i64>, message: &str) -> GraphError {
    GraphError {
        message: message.into(),
        kind: "OAuthException".into(),
        code,
        error_subcode: subcode,
        ..Default::default()
    }
}

fn sentence(e: &NetworkError) -> String {
    e.sentence("check the token")
}

#[test]
fn recorded_errors_read_and_name_what_to_grant() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/meta/facebook");
    let Ok(body) = std::fs::read_to_string(dir.join("error_data.json")) else {
        eprintln!("skipped: ../shared/fixtures/meta is not here");
        return;
    };
    let e = parse_error(&body).unwrap();
    assert_eq!(e.code, 100);
    assert_eq!(e.kind, "OAuthException");
    let what = e.classify(None, now());
    assert!(
        matches!(&what, NetworkError::Unauthorized(s) if s.contains("pages_read_engagement")),
        "{what:?}"
    );
    let body = std::fs::read_to_string(dir.join("error_pages_public_content.json")).unwrap();
    let e = parse_error(&body).unwrap();
    let what = e.classify(None, now());
    assert!(
        matches!(&what, NetworkError::Refused(s) if s.contains("code 100")),
        "{what:?}"
    );
}

#[test]
fn each_code_family_says_what_to_do() {
    let expired = error(
        190,
        Some(463),
        "Error validating access token: Session has expired",
    );
    let said = sentence(&expired.classify(None, now()));
    assert!(said.contains("the Page token expired"), "{said}");
    assert!(said.contains("token_env or token_file"), "{said}");
    let password = error(190, Some(460), "password changed");
    assert!(sentence(&password.classify(None, now())).contains("password changed"));

    let permission = error(
        200,
        None,
        "(#200) Requires pages_manage_engagement permission",
    );
    let said = sentence(&permission.classify(None, now()));
    assert!(
        said.contains("lacks the pages_manage_engagement permission"),
        "{said}"
    );
    let unnamed = error(
        10,
        None,
        "(#10) Application does not have permission for this action",
    );
    assert!(sentence(&unnamed.classify(None, now())).contains("lacks a permission"));

    let usage = Usage {
        percent: 100,
        regain_minutes: Some(14),
    };
    for code in [4, 17, 32, 613, 80001, 80002] {
        let throttled = error(code, None, "(#80001) There have been too many calls");
        assert_eq!(
            throttled.classify(Some(&usage), now()),
            NetworkError::RateLimited {
                until: Some("2026-11-20T10:14:00Z".parse().unwrap())
            },
            "code {code}"
        );
        assert_eq!(
            throttled.classify(None, now()),
            NetworkError::RateLimited { until: None }
        );
    }

    for code in [1, 2] {
        assert!(matches!(
            error(code, None, "An unknown error occurred").classify(None, now()),
            NetworkError::Temporary(_)
        ));
    }
    let transient = GraphError {
        is_transient: Some(true),
        ..error(9007, None, "Try again")
    };
    assert!(matches!(
        transient.classify(None, now()),
        NetworkError::Temporary(_)
    ));
    assert!(matches!(
        error(506, None, "Duplicate status message").classify(None, now()),
        NetworkError::Refused(s) if s.contains("duplicate")
    ));
    assert!(matches!(
        error(368, None, "The action attempted has been deemed abusive").classify(None, now()),
        NetworkError::Refused(s) if s.contains("policies")
    ));
}

#[test]
fn unknown_fields_are_tolerated_and_text_from_meta_is_made_safe() {
    let body = r#"{"error":{"message":"bad \u001b[31mthing","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"x","error_data":{"k":1},"new_field":[1,2]}}"#;
    let e = parse_error(body).unwrap();
    assert_eq!((e.code, e.error_subcode), (100, Some(33)));
    let said = sentence(&e.classify(None, now()));
    assert!(
        said.contains("code 100/33") && !said.contains('\u{1b}'),
        "{said}"
    );
    assert!(parse_error(r#"{"data":[]}"#).is_none());
    assert!(parse_error("<html>502</html>").is_none());
}

#[test]
fn usage_headers_give_the_worst_share_and_the_wait() {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-app-usage",
        r#"{"call_count":28,"total_cputime":25,"total_time":25}"#
            .parse()
            .unwrap(),
    );
    let u = Usage::from_headers(&headers).unwrap();
    assert_eq!(
        u,
        Usage {
            percent: 28,
            regain_minutes: None
        }
    );
    assert!(!u.should_back_off());

    headers.insert(
        "x-business-use-case-usage",
        r#"{"112233":[{"type":"pages","call_count":93,"total_cputime":12,"total_time":40,"estimated_time_to_regain_access":0}],"445566":[{"type":"instagram","call_count":100,"total_cputime":100,"total_time":100,"estimated_time_to_regain_access":17}]}"#
            .parse()
            .unwrap(),
    );
    let u = Usage::from_headers(&headers).unwrap();
    assert_eq!(
        u,
        Usage {
            percent: 100,
            regain_minutes: Some(17)
        }
    );
    assert!(u.should_back_off());
    assert_eq!(u.describe(), "Meta budget 100% used, back in 17 min");

    let mut page = reqwest::header::HeaderMap::new();
    page.insert("x-page-usage", r#"{"call_count":91}"#.parse().unwrap());
    assert!(Usage::from_headers(&page).unwrap().should_back_off());

    let mut broken = reqwest::header::HeaderMap::new();
    broken.insert("x-app-usage", "not json".parse().unwrap());
    assert_eq!(Usage::from_headers(&broken), None);
    assert_eq!(
        Usage::from_headers(&reqwest::header::HeaderMap::new()),
        None
    );
}
