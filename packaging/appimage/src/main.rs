//! Packs the release binary into `Coachbook-VERSION-x86_64.AppImage`: an AppDir holding the
//! binary, the desktop entry, the icons and the rep file's MIME type, squashed behind the
//! AppImage runtime. Usage: `coachbook-appimage BINARY OUT_DIR`.

use anyhow::{Context, Result, bail};
use appimage::AppImage;
use std::path::{Path, PathBuf};

/// The packaging sources, beside this crate.
const PACKAGING: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const ICON_SIZES_PX: [u32; 8] = [16, 24, 32, 48, 64, 128, 256, 512];

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [binary, out_dir] = args.as_slice() else {
        bail!("usage: coachbook-appimage BINARY OUT_DIR");
    };
    let version = binary_version(Path::new(binary))?;
    let out = Path::new(out_dir).join(format!("Coachbook-{version}-x86_64.AppImage"));
    build(Path::new(binary), Path::new(out_dir), &out)?;
    println!("{}", out.display());
    Ok(())
}

/// The version the binary itself reports, so the file's name cannot disagree with it.
fn binary_version(binary: &Path) -> Result<String> {
    let output = std::process::Command::new(binary)
        .arg("--version")
        .output()
        .with_context(|| format!("could not run {}", binary.display()))?;
    let text = String::from_utf8(output.stdout).context("the version is not text")?;
    match text.trim().strip_prefix("coachbook ") {
        Some(version) if output.status.success() && !version.is_empty() => Ok(version.into()),
        _ => bail!("{} did not say its version", binary.display()),
    }
}

fn build(binary: &Path, out_dir: &Path, out: &Path) -> Result<()> {
    let image = AppImage::new(out_dir, "coachbook".into())?;
    image.add_file(binary, Path::new("usr/bin/coachbook"))?;
    std::os::unix::fs::symlink("usr/bin/coachbook", image.appdir().join("AppRun"))?;

    let desktop = desktop_entry()?;
    for place in [
        "coachbook.desktop",
        "usr/share/applications/coachbook.desktop",
    ] {
        write_file(&image.appdir().join(place), &desktop)?;
    }
    image.add_icon(&source("icons/256x256.png"))?;
    for size in ICON_SIZES_PX {
        let place = format!("usr/share/icons/hicolor/{size}x{size}/apps/coachbook.png");
        image.add_file(
            &source(&format!("icons/{size}x{size}.png")),
            Path::new(&place),
        )?;
    }
    image.add_file(
        &source("icons/coachbook.svg"),
        Path::new("usr/share/icons/hicolor/scalable/apps/coachbook.svg"),
    )?;
    image.add_file(
        &source("coachbook-mime.xml"),
        Path::new("usr/share/mime/packages/coachbook.xml"),
    )?;
    image.build(out, None)
}

/// The .deb's desktop entry template, filled the way cargo-packager fills it, so both
/// packages announce the same application.
fn desktop_entry() -> Result<String> {
    let template = std::fs::read_to_string(source("coachbook.desktop.hbs"))?;
    let entry = template
        .replace("{{name}}", "Coachbook")
        .replace("{{exec}}", "coachbook")
        .replace("{{icon}}", "coachbook");
    if entry.contains("{{") {
        bail!("the desktop entry template has a field this tool does not fill");
    }
    Ok(entry)
}

fn source(name: &str) -> PathBuf {
    Path::new(PACKAGING).join(name)
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text).with_context(|| format!("could not write {}", path.display()))
}
