//! The CI examples (`examples/ci/`) stay true: they parse as YAML, every samizdat command they run
//! is accepted by the command line as it is now (asked of clap's `Command`), the cache folder they
//! pass with `--cache` is one their CI saves and restores, and the shard count matches the matrix.

use std::path::Path;

use yaml_rust2::{Yaml, YamlLoader};

crate::tests![
    the_github_actions_example_runs_real_commands,
    the_gitlab_example_runs_real_commands,
];

fn load(name: &str) -> Yaml {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/ci")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("the example");
    let mut docs = YamlLoader::load_from_str(&text).expect("valid YAML");
    assert_eq!(docs.len(), 1, "{name}: one document");
    docs.remove(0)
}

/// Every string found under a key named `key`, anywhere (a list's items one by one).
fn strings_under(yaml: &Yaml, key: &str, out: &mut Vec<String>) {
    match yaml {
        Yaml::Hash(hash) => {
            for (k, v) in hash {
                if k.as_str() == Some(key) {
                    match v {
                        Yaml::String(s) => out.push(s.clone()),
                        Yaml::Array(items) => {
                            out.extend(items.iter().filter_map(|i| i.as_str().map(str::to_owned)))
                        }
                        _ => {}
                    }
                }
                strings_under(v, key, out);
            }
        }
        Yaml::Array(items) => items.iter().for_each(|i| strings_under(i, key, out)),
        _ => {}
    }
}

/// The samizdat commands in shell lines, as argument lists, CI variables given sample values
/// (`${{ matrix.shard }}` and `$CI_NODE_INDEX` are 1, `$CI_NODE_TOTAL` is 3).
fn samizdat_commands(lines: &[String]) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    for line in lines {
        let mut text = line.replace("$CI_NODE_TOTAL", "3");
        while let Some(start) = text.find("${{") {
            let end = text[start..]
                .find("}}")
                .map_or(text.len(), |e| start + e + 2);
            text.replace_range(start..end, "1");
        }
        let text = text.replace("$CI_NODE_INDEX", "1");
        for command in text.split(['|', ';', '&']) {
            let words: Vec<String> = command.split_whitespace().map(str::to_owned).collect();
            if words.first().is_some_and(|w| w.ends_with("samizdat")) {
                commands.push(words);
            }
        }
    }
    commands
}

/// Checks the commands with the command line's own definition; gives them.
fn accepted(name: &str, yaml: &Yaml, key: &str) -> Vec<Vec<String>> {
    let mut lines = Vec::new();
    strings_under(yaml, key, &mut lines);
    let commands = samizdat_commands(&lines);
    let subcommands: Vec<&str> = commands
        .iter()
        .filter_map(|c| c.get(1))
        .map(String::as_str)
        .collect();
    assert!(
        subcommands.contains(&"build") && subcommands.contains(&"manifest"),
        "{name} builds and merges: {subcommands:?}"
    );
    for command in &commands {
        if let Err(err) = samizdat::cli::command().try_get_matches_from(command) {
            panic!(
                "{name}: `{}` is not a samizdat command:\n{err}",
                command.join(" ")
            );
        }
    }
    commands
}

/// How many manifests a `samizdat manifest merge` command joins, as the command line reads it.
fn merged_files(command: &[String]) -> usize {
    let matches = samizdat::cli::command()
        .try_get_matches_from(command)
        .expect("a command");
    matches
        .subcommand_matches("manifest")
        .and_then(|m| m.subcommand_matches("merge"))
        .and_then(|m| m.get_many::<std::path::PathBuf>("files"))
        .map_or(0, |files| files.count())
}

/// The value of `--flag` in a command.
fn flag<'a>(command: &'a [String], flag: &str) -> Option<&'a str> {
    let at = command.iter().position(|w| w == flag)?;
    command.get(at + 1).map(String::as_str)
}

fn the_github_actions_example_runs_real_commands() {
    let yaml = load("github-actions.yml");
    let commands = accepted("github-actions.yml", &yaml, "run");
    let build = commands.iter().find(|c| c[1] == "build").expect("a build");
    let cache = flag(build, "--cache").expect("the build uses --cache");
    let mut saved = Vec::new();
    strings_under(&yaml, "path", &mut saved);
    assert!(
        saved.iter().any(|p| p.lines().any(|l| l.trim() == cache)),
        "{cache} is saved"
    );
    let shards = yaml["jobs"]["build"]["strategy"]["matrix"]["shard"]
        .as_vec()
        .expect("a matrix of shards")
        .len();
    let shard = flag(build, "--shard").expect("the build is sharded");
    assert_eq!(shard, format!("1/{shards}"), "--shard counts the matrix");
    let merge = commands
        .iter()
        .find(|c| c[1] == "manifest")
        .expect("a merge");
    assert_eq!(
        merged_files(merge),
        shards,
        "the merge takes every shard's manifest"
    );
}

fn the_gitlab_example_runs_real_commands() {
    let yaml = load("gitlab-ci.yml");
    let commands = accepted("gitlab-ci.yml", &yaml, "script");
    let build = commands.iter().find(|c| c[1] == "build").expect("a build");
    let cache = flag(build, "--cache").expect("the build uses --cache");
    let mut saved = Vec::new();
    strings_under(&yaml, "paths", &mut saved);
    assert!(
        saved.iter().any(|p| p.trim_end_matches('/') == cache),
        "{cache} is saved"
    );
    let parallel = yaml["books"]["parallel"].as_i64().expect("parallel: N");
    assert_eq!(flag(build, "--shard"), Some("1/3"));
    assert_eq!(parallel, 3, "--shard takes GitLab's node total");
    let merge = commands
        .iter()
        .find(|c| c[1] == "manifest")
        .expect("a merge");
    assert_eq!(
        merged_files(merge) as i64,
        parallel,
        "the merge takes every shard's manifest"
    );
}
