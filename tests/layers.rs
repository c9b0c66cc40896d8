//! The top-level modules form layers and an import only points down (ARCHITECTURE.md):
//! read from the sources, so a new import that points up, or a cycle, fails here.

use std::collections::BTreeSet;
use std::path::Path;

/// Each top-level module and its layer; a module may use modules of lower layers only.
const LAYERS: &[(&str, u32)] = &[
    ("files", 0),
    ("clock", 0),
    ("domain", 0),
    ("store", 1),
    ("keychain", 1),
    ("demo", 2),
    ("repfile", 2),
    ("exchange", 2),
    ("org", 2),
    ("export", 3),
    ("ops", 4),
    ("model", 5),
    ("ui", 6),
    ("app", 7),
    ("repview", 8),
    ("leader", 8),
    ("cli", 8),
];

fn layer(module: &str) -> u32 {
    LAYERS
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, layer)| *layer)
        .unwrap_or_else(|| panic!("src/{module} has no layer in tests/layers.rs"))
}

/// The text of a module: `src/<name>.rs` and every file under `src/<name>/`.
fn sources(module: &str) -> String {
    let mut text = String::new();
    let file = Path::new("src").join(format!("{module}.rs"));
    if let Ok(body) = std::fs::read_to_string(&file) {
        text.push_str(&body);
    }
    let mut stack = vec![Path::new("src").join(module)];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                text.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    text
}

/// The top-level modules `text` names as `crate::<name>`.
fn uses(text: &str) -> BTreeSet<String> {
    text.match_indices("crate::")
        .map(|(at, found)| {
            text[at + found.len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn every_top_level_module_has_a_layer() {
    for entry in std::fs::read_dir("src").unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let module = name.trim_end_matches(".rs");
        if module != "main" && module != "lib" {
            layer(module);
        }
    }
}

#[test]
fn imports_only_point_down() {
    let mut upward = Vec::new();
    for (module, own) in LAYERS {
        for used in uses(&sources(module)) {
            if used != *module && layer(&used) >= *own {
                upward.push(format!(
                    "{module} (layer {own}) uses {used} (layer {})",
                    layer(&used)
                ));
            }
        }
    }
    assert!(upward.is_empty(), "{upward:#?}");
}

#[test]
fn screens_and_the_model_never_change_the_file() {
    for module in ["ui", "model"] {
        let text = sources(module);
        for writer in ["Ops", ".transact(", "::put(", "::insert(", "::delete("] {
            assert!(
                !text.contains(writer),
                "src/{module} uses `{writer}`; changes go through a Request to ops"
            );
        }
    }
    assert!(
        !sources("ui").contains(".conn()"),
        "src/ui reads the database; screens read the model"
    );
}
