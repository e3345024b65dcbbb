//! Where things live: flags, then environment variables, then the platform's directories.

use std::path::{Path, PathBuf};

pub struct Paths {
    pub data_dir: PathBuf,
    pub config_file: PathBuf,
}

impl Paths {
    pub fn resolve(data_dir: Option<PathBuf>, config: Option<PathBuf>) -> anyhow::Result<Paths> {
        let project = directories::ProjectDirs::from("", "", "tribune");
        let data_dir = match (data_dir, &project) {
            (Some(d), _) => d,
            (None, Some(p)) => p.data_dir().to_path_buf(),
            (None, None) => anyhow::bail!(
                "No home directory was found for the data; pass --data-dir or set TRIBUNE_DATA_DIR."
            ),
        };
        let config_file = match (config, &project) {
            (Some(c), _) => c,
            (None, Some(p)) => p.config_dir().join("tribune.toml"),
            (None, None) => data_dir.join("tribune.toml"),
        };
        Ok(Paths {
            data_dir,
            config_file,
        })
    }

    /// The user's own store: messages from real accounts and imports.
    pub fn store(&self) -> PathBuf {
        self.data_dir.join("store")
    }

    /// The demo source's store, kept apart so demo data never mixes with real data.
    pub fn demo_store(&self) -> PathBuf {
        self.data_dir.join("demo-store")
    }

    /// Opens a store that must already exist (for commands that only read it): the demo
    /// store or the user's.
    pub fn existing_store(&self, demo: bool) -> anyhow::Result<crate::store::Store> {
        let dir = if demo {
            self.demo_store()
        } else {
            self.store()
        };
        if !dir.join("db").exists() {
            anyhow::bail!(
                "There is no store at {} yet; import or run tribune first.",
                dir.display()
            );
        }
        Ok(crate::store::Store::open(&dir)?)
    }

    pub fn log_file(&self) -> PathBuf {
        self.data_dir.join("tribune.log")
    }
}

/// Logs go to a file in the data directory, never to the terminal the console draws on.
/// Logging is best-effort: a read-only data directory must not stop the program.
pub(super) fn start_logging(paths: &Paths) -> Option<()> {
    std::fs::create_dir_all(&paths.data_dir).ok()?;
    let file = open_append(&paths.log_file())?;
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(LogFile(file)))
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TRIBUNE_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .try_init()
        .ok()
}

/// The log file as the logger writes it: registered secrets cut out of every line, and a
/// write that fails (a full disk) dropped in silence rather than told on the terminal.
struct LogFile(std::fs::File);

impl std::io::Write for LogFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let clean = crate::text::secrets::redact(&text);
        let _ = self.0.write_all(clean.as_bytes());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = self.0.flush();
        Ok(())
    }
}

fn open_append(path: &Path) -> Option<std::fs::File> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .ok()
}
