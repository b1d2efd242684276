//! The UI's command wrappers (`ui/src/lib/commands.ts`), generated from the commands the app
//! registers: the `generate_handler!` list in `main.rs` and each function's signature, read with
//! `syn`. Renaming a command, an argument or a result type changes the generated file, the test
//! `commands_are_current` fails until it is regenerated, and the UI's type-check then fails
//! wherever the UI still uses the old name. Regenerate with
//! `TENKEN_WRITE_BINDINGS=1 cargo test -p tenken-app bindings`.

#![cfg(test)]

use std::collections::BTreeSet;
use std::path::Path;

use syn::{FnArg, GenericArgument, Item, PathArguments, ReturnType, Type};

/// One registered command: its wire name, its arguments (name, TypeScript type) and its result.
struct Command {
    name: String,
    args: Vec<(String, String)>,
    result: String,
}

/// The `module::function` paths inside `generate_handler![…]` in main.rs.
fn registered(main_rs: &str) -> Vec<(String, String)> {
    let start = main_rs.find("generate_handler![").expect("main.rs registers its commands with generate_handler!");
    let list = &main_rs[start + "generate_handler![".len()..];
    let list = &list[..list.find(']').expect("generate_handler! list ends")];
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|p| {
            let (m, f) = p.split_once("::").unwrap_or_else(|| panic!("command {p} is not module::function"));
            (m.to_string(), f.to_string())
        })
        .collect()
}

/// Arguments the shell injects, not sent by the UI.
fn injected(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|s| ["State", "AppHandle", "Window", "WebviewWindow"].contains(&s.ident.to_string().as_str()))
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) => p.path.segments.last(),
        Type::Reference(r) => last_segment(&r.elem),
        _ => None,
    }
}

fn generic(seg: &syn::PathSegment) -> Vec<&Type> {
    match &seg.arguments {
        PathArguments::AngleBracketed(a) => {
            a.args.iter().filter_map(|g| if let GenericArgument::Type(t) = g { Some(t) } else { None }).collect()
        }
        _ => Vec::new(),
    }
}

/// The TypeScript type of a Rust type as serde writes it; named types are those of bindings.ts.
fn ts(ty: &Type, named: &mut BTreeSet<String>) -> String {
    if let Type::Tuple(t) = ty {
        assert!(t.elems.is_empty(), "tuples are not part of the contract");
        return "null".into();
    }
    let seg = last_segment(ty).unwrap_or_else(|| panic!("unsupported type in a command: {}", quote(ty)));
    let id = seg.ident.to_string();
    let args = generic(seg);
    match id.as_str() {
        "String" | "str" | "PathBuf" | "Path" => "string".into(),
        "bool" => "boolean".into(),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" | "f32" | "f64" | "AssessmentId" | "OrgId" => {
            "number".into()
        }
        "Option" => format!("{} | null", ts(args[0], named)),
        "Vec" => format!("Array<{}>", ts(args[0], named)),
        "CmdResult" => ts(args[0], named),
        "Result" => ts(args[0], named),
        _ => {
            named.insert(id.clone());
            id
        }
    }
}

fn quote(ty: &Type) -> String {
    format!("{:?}", std::mem::discriminant(ty))
}

/// Read one command's signature from its module's source.
fn command(dir: &Path, module: &str, function: &str, named: &mut BTreeSet<String>) -> Command {
    let path = dir.join(format!("{module}.rs"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let f = file
        .items
        .iter()
        .find_map(|i| match i {
            Item::Fn(f) if f.sig.ident == function => Some(f),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{module}::{function} is registered but not defined in {}", path.display()));
    let is_command = f.attrs.iter().any(|a| a.path().segments.last().is_some_and(|s| s.ident == "command"));
    assert!(is_command, "{module}::{function} is registered but has no #[tauri::command]");
    assert!(
        f.sig.asyncness.is_some(),
        "{module}::{function} is not async: Tauri runs a synchronous command on the window's thread, which freezes while it runs"
    );
    let snake = f.attrs.iter().any(|a| quote_attr(a).contains("snake_case"));
    assert!(snake, "{module}::{function}: every command takes rename_all = \"snake_case\" (the UI sends Rust's names)");
    let args = f
        .sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            FnArg::Typed(p) if !injected(&p.ty) => {
                let name = match &*p.pat {
                    syn::Pat::Ident(i) => i.ident.to_string(),
                    _ => panic!("{module}::{function}: an argument that is not a plain name"),
                };
                Some((name, ts(&p.ty, named)))
            }
            _ => None,
        })
        .collect();
    let result = match &f.sig.output {
        ReturnType::Default => "null".into(),
        ReturnType::Type(_, t) => ts(t, named),
    };
    Command { name: function.to_string(), args, result }
}

fn quote_attr(a: &syn::Attribute) -> String {
    match &a.meta {
        syn::Meta::List(l) => l.tokens.to_string(),
        _ => String::new(),
    }
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The whole `commands.ts`.
pub fn generate() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let main_rs = std::fs::read_to_string(dir.join("main.rs")).expect("src-tauri/src/main.rs");
    let mut named = BTreeSet::new();
    let commands: Vec<Command> = registered(&main_rs).iter().map(|(m, f)| command(&dir, m, f, &mut named)).collect();
    let mut out = String::from(
        "// Generated from the commands registered in src-tauri/src/main.rs by src-tauri/src/commands_ts.rs. Do not edit.\n\
         // Regenerate: TENKEN_WRITE_BINDINGS=1 cargo test -p tenken-app bindings\n\
         /* eslint-disable */\n\
         import { invoke } from '@tauri-apps/api/core';\n",
    );
    if !named.is_empty() {
        out.push_str(&format!("import type {{ {} }} from './bindings';\n", named.iter().cloned().collect::<Vec<_>>().join(", ")));
    }
    out.push_str("\n/** Every command of the app, typed from its Rust signature. */\nexport const commands = {\n");
    for c in &commands {
        let params: Vec<String> = c.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
        let names: Vec<&str> = c.args.iter().map(|(n, _)| n.as_str()).collect();
        let payload = if names.is_empty() { String::new() } else { format!(", {{ {} }}", names.join(", ")) };
        out.push_str(&format!("  {}: ({}) => invoke<{}>('{}'{payload}),\n", camel(&c.name), params.join(", "), c.result, c.name));
    }
    out.push_str("};\n\n/** The wire names of every command. */\nexport const COMMAND_NAMES = [\n");
    for c in &commands {
        out.push_str(&format!("  '{}',\n", c.name));
    }
    out.push_str("] as const;\n");
    out
}

#[test]
fn commands_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/commands.ts");
    let fresh = generate();
    if std::env::var_os("TENKEN_WRITE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == fresh, "{} is stale: regenerate with TENKEN_WRITE_BINDINGS=1 cargo test -p tenken-app bindings", path.display());
}

#[test]
fn every_registered_command_is_generated() {
    let main_rs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/main.rs")).expect("main.rs");
    let text = generate();
    let listed = registered(&main_rs);
    assert!(listed.len() > 20, "the handler list was read ({} commands)", listed.len());
    for (_, f) in listed {
        assert!(text.contains(&format!("('{f}'")), "{f} is in commands.ts");
    }
}

/// Fail naming every code of `codes` that has no `<prefix>.<code>` text in ja.ts or en.ts.
fn assert_texts_exist(prefix: &str, codes: &BTreeSet<&str>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/locales");
    for lang in ["ja", "en"] {
        let path = dir.join(format!("{lang}.ts"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let missing: Vec<&&str> = codes.iter().filter(|c| !text.contains(&format!("'{prefix}.{c}':"))).collect();
        assert!(missing.is_empty(), "{}: no {prefix}.<code> text for the codes {missing:?}", path.display());
    }
}

/// Every error code the core or the app can send has a Japanese and an English text, and so
/// has every reason a code can carry (`error.<code>.<reason>`).
#[test]
fn every_error_code_has_a_japanese_and_an_english_text() {
    let texts = tenken::Error::all_texts();
    let mut codes: BTreeSet<&str> = texts.iter().map(String::as_str).collect();
    codes.extend(crate::dto::CommandError::APP_CODES);
    assert!(codes.len() > 200, "the codes and their reasons were gathered ({})", codes.len());
    assert_texts_exist("error", &codes);
}

/// Every warning and signature finding the core can send has a Japanese and an English text.
#[test]
fn every_notice_code_has_a_japanese_and_an_english_text() {
    let codes = tenken::notice_codes();
    assert!(codes.len() > 50, "the codes were gathered ({})", codes.len());
    assert_texts_exist("notice", &codes);
}
