//! The config as users write it: defaults, the shipped example, and errors that name the
//! file, the line and the key.

use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("tribune.toml"))
}

#[test]
fn an_empty_file_gives_the_defaults() {
    let c = parse("").unwrap();
    assert_eq!(c.sla.policies.len(), 3);
    assert_eq!(c.sla.policies[0].matches.urgent, Some(true));
    assert_eq!(c.sla.warn_at.0, 0.75);
    assert!(!c.has_accounts());
}

#[test]
fn the_design_example_parses() {
    let c = parse(
        r#"
[sla]
timezone = "Europe/Paris"
business_days = ["mon", "tue", "wed", "thu", "fri"]
business_hours = "09:00-18:00"
holidays = ["2026-12-25"]
warn_at = 0.75

[[sla.policy]]
name = "criticism"
match = { sentiment = "neg" }
first_response = "1h"

[[sla.policy]]
name = "default"
first_response = "24h"
business_hours_only = true

[[account]]
channel = "mastodon"
name = "brand"
base_url = "https://mastodon.example"
token_env = "TRIBUNE_MASTODON_TOKEN"
poll_interval = "30s"
"#,
    )
    .unwrap();
    assert_eq!(
        c.sla.policies[0].matches.sentiment,
        Some(SentimentLabel::Neg)
    );
    assert_eq!(c.accounts[0].channel, Channel::Mastodon);
    assert!(c.has_accounts());
}

#[test]
fn an_unknown_key_names_file_line_and_key() {
    let err = parse("[sla]\nwarn_at = 0.5\ncolour = 3\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("tribune.toml"), "{err}");
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("colour"), "{err}");
}

#[test]
fn an_impossible_value_names_its_key_and_line() {
    let err = parse("[sla]\n\nwarn_at = 1.5\n").unwrap_err().to_string();
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("sla.warn_at"), "{err}");
    let err = parse("[[sla.policy]]\nname = \"x\"\nfirst_response = \"soon\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("first_response"), "{err}");
    assert!(err.contains("line 3"), "{err}");
    let err = parse("[sla]\ntimezone = \"Mars/Olympus\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("sla.timezone") && err.contains("line 2"),
        "{err}"
    );
}

#[test]
fn a_wrong_type_is_an_error_not_a_default() {
    let err = parse("[ui]\nbell_on_breach = \"yes\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("ui.bell_on_breach"), "{err}");
}

#[test]
fn a_missing_file_gives_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let c = Config::load(&dir.path().join("none.toml")).unwrap();
    assert_eq!(c.demo.backlog, 300);
}

#[test]
fn the_documented_example_parses() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/tribune.example.toml");
    let c = Config::load(&path).unwrap();
    assert_eq!(c.sla.policies.len(), 4);
    assert_eq!(c.sla.policies[0].matches.urgent, Some(true));
    assert_eq!(c.sla.timezone.0, "Europe/Paris");
}

#[test]
fn impossible_sla_values_name_their_key() {
    let e = parse("[sla]\nbusiness_days = []\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 2, key `sla.business_days`"), "{e}");
    let e = parse(
        "[[sla.policy]]\nname = 'x'\nmatch = { rating_at_most = 9 }\nfirst_response = '1h'\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("line 3, key `sla.policy[0].match.rating_at_most`"),
        "{e}"
    );
    let e = parse("[sla]\ntimezone = 'Mars/Olympus'\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("key `sla.timezone`"), "{e}");
    let e = parse("[sla]\nbusiness_hours = '18:00-09:00'\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("closes before it opens"), "{e}");
}

#[test]
fn a_token_comes_from_the_environment_or_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, "secret-from-file\n").unwrap();
    let account = |extra: &str| {
        let text = format!(
            "[[account]]\nchannel = 'mastodon'\nname = 'brand'\nbase_url = 'https://m.example'\n{extra}"
        );
        parse(&text).unwrap().accounts.remove(0)
    };
    let toml_path = file.display().to_string().replace('\\', "/");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = account(&format!("token_file = '{toml_path}'\n"))
            .token()
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("must be readable only by its owner (chmod 600"),
            "{e}"
        );
        assert!(!e.contains("secret-from-file"));
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let (token, source) = account(&format!("token_file = '{toml_path}'\n"))
        .token()
        .unwrap();
    assert_eq!(token, "secret-from-file");
    assert_eq!(source, file.display().to_string());
    let e = account("token_env = 'TRIBUNE_TEST_NEVER_SET_3b1'\n")
        .token()
        .unwrap_err();
    assert!(matches!(&e, TokenError::Unset(var) if var == "TRIBUNE_TEST_NEVER_SET_3b1"));
    assert_eq!(
        e.to_string(),
        "TRIBUNE_TEST_NEVER_SET_3b1 is not set in the environment"
    );
    assert!(matches!(account("").token(), Err(TokenError::NoTokenNamed)));
}

#[test]
fn a_rule_broken_in_the_example_names_the_very_line() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/tribune.example.toml");
    let example = std::fs::read_to_string(&path).unwrap();
    let line_of = |needle: &str| {
        example
            .lines()
            .position(|l| l.starts_with(needle))
            .map(|i| i + 1)
            .unwrap()
    };
    // `window` also ends `undo_window`, above it: the error must not land there.
    let broken = example.replacen("window = \"2m\"", "window = \"5s\"", 1);
    let e = Config::parse(&broken, &path).unwrap_err().to_string();
    let expected = format!("line {}, key `buzz.window`", line_of("window = "));
    assert!(e.contains(&expected), "{e}");

    // A comment near the top names rating_at_most too: the error must not land there.
    let broken = format!(
        "{example}\n[[sla.policy]]\nname = \"bad reviews\"\nmatch = {{ kind = \"review\", rating_at_most = 9 }}\nfirst_response = \"1h\"\n"
    );
    let at = broken.lines().count() - 1;
    let e = Config::parse(&broken, &path).unwrap_err().to_string();
    assert!(e.contains(&format!("line {at},")), "{e}");
    assert!(
        e.contains("rating_at_most") && e.contains("from 1 to 5"),
        "{e}"
    );

    let broken = example.replacen("min_interval = \"1s\"", "min_interval = \"9s\"", 1);
    let e = Config::parse(&broken, &path).unwrap_err().to_string();
    let expected = format!("line {}, key `demo.min_interval`", line_of("min_interval"));
    assert!(e.contains(&expected), "{e}");
}

#[test]
fn agents_are_named_once_each_and_a_bad_name_points_at_its_entry() {
    let path = Path::new("tribune.toml");
    let text = "[[agent]]\nname = \"ana\"\ndisplay_name = \"Ana\"\nkeys = [\"ssh-ed25519 AAAA\"]\n\n[[agent]]\nname = \"bob\"\nauthorized_keys = \"bob.pub\"\n\n[server]\nlisten = \"0.0.0.0:2200\"\n";
    let config = Config::parse(text, path).unwrap();
    assert_eq!(config.agents.len(), 2);
    assert_eq!(config.agents[0].display_name(), "Ana");
    assert_eq!(config.agents[1].display_name(), "bob");
    assert_eq!(config.server.listen, "0.0.0.0:2200");
    assert_eq!(Config::default().server.listen, "127.0.0.1:2222");

    let twice = format!("{text}\n[[agent]]\nname = \"ana\"\n");
    let e = Config::parse(&twice, path).unwrap_err().to_string();
    assert!(
        e.contains("line 13") && e.contains("two agents are named"),
        "{e}"
    );
    let spaced = "[[agent]]\nname = \"ana b\"\n";
    let e = Config::parse(spaced, path).unwrap_err().to_string();
    assert!(e.contains("line 1") && e.contains("letters, digits"), "{e}");
}

#[test]
fn saved_views_are_read_and_a_bad_query_or_a_second_name_points_at_its_view() {
    let config = parse(
        "[[view]]\nname = \"Refunds\"\nquery = \"refund is:unanswered\"\nkey = \"F\"\ncount = \"all\"\n",
    )
    .unwrap();
    assert_eq!(config.views.len(), 1);
    assert_eq!(config.views[0].count, Some(ViewCount::All));
    assert_eq!(
        config.views[0].key.as_ref().map(|k| k.label()),
        Some("F".into())
    );

    let e =
        parse("[sla]\n\n[[view]]\nname = \"A\"\n\n[[view]]\nname = \"B\"\nquery = \"rating:9\"\n")
            .unwrap_err()
            .to_string();
    assert!(
        e.contains("line 6, key `view[1].query`: the query, at 8"),
        "{e}"
    );
    let e = parse("[[view]]\nname = \"A\"\n[[view]]\nname = \"a\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("line 3, key `view[1].name`: another view is named a"),
        "{e}"
    );
}

#[test]
fn the_tone_checks_are_on_by_default_and_each_can_be_turned_off() {
    assert_eq!(parse("").unwrap().tone, crate::tone::Settings::default());
    let c = parse("[tone]\nbrand_domains = [\"novacafe.fr\"]\nrefusal = false\n").unwrap();
    assert!(!c.tone.refusal && c.tone.apology);
    assert_eq!(c.tone.brand_domains, ["novacafe.fr"]);
    let err = parse("[tone]\nrefusals = false\n").unwrap_err().to_string();
    assert!(err.contains("line 2") && err.contains("refusals"), "{err}");
}
