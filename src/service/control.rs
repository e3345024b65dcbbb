//! The owner of a store answers other tribune processes on a Unix socket beside it, so that
//! `tribune backup` and `tribune doctor` work while a console (or, later, the team server)
//! holds the store. One request a line: `backup` → `ok <entries> <bytes> <path>`; `health` →
//! `ok <JSON object: source → [ok, detail]>`; or `error <sentence>`.

use super::Command;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

/// How long a client waits for the owner's answer (a backup of a large store takes seconds).
const ANSWER_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

/// The socket of the store at `store_dir`: beside it, hidden.
pub fn socket_path(store_dir: &Path) -> PathBuf {
    let name = store_dir
        .file_name()
        .map_or_else(|| "store".into(), |n| n.to_string_lossy().into_owned());
    store_dir.with_file_name(format!(".{name}.control"))
}

/// Listens while the service runs; the socket file goes when this is dropped.
pub struct Control {
    path: PathBuf,
}

impl Drop for Control {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Starts answering requests for the store at `store_dir` (best effort: without the socket,
/// `tribune backup` says the store is busy).
pub fn listen(store_dir: &Path, commands: super::Hub) -> Option<Control> {
    let path = socket_path(store_dir);
    // A socket left by a process that died: nobody answers on it any more.
    if UnixStream::connect(&path).is_err() {
        let _ = std::fs::remove_file(&path);
    }
    let listener = match UnixListener::bind(&path) {
        Ok(l) => l,
        Err(e) => {
            tracing::warn!(socket = %path.display(), error = %e, "cannot answer other tribune processes");
            return None;
        }
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    std::thread::Builder::new()
        .name("tribune-control".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                if commands.is_closed() {
                    break;
                }
                answer(stream, &commands);
            }
        })
        .ok()?;
    Some(Control { path })
}

fn answer(stream: UnixStream, commands: &super::Hub) {
    let mut line = String::new();
    let mut reader = BufReader::new(&stream);
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let reply = match line.trim() {
        "backup" => {
            let (tx, rx) = std::sync::mpsc::channel();
            if !commands.send_outside(Command::Backup { reply: tx }) {
                "error the console is closing".to_string()
            } else {
                match rx.recv_timeout(ANSWER_WAIT) {
                    Ok(Ok(b)) => format!("ok {} {} {}", b.entries, b.bytes, b.path.display()),
                    Ok(Err(e)) => format!("error {e}"),
                    Err(_) => "error the console did not answer in time".to_string(),
                }
            }
        }
        "health" => {
            let (tx, rx) = std::sync::mpsc::channel();
            match commands.send_outside(Command::Health { reply: tx }) {
                true => match rx.recv_timeout(ANSWER_WAIT) {
                    Ok(health) => {
                        format!("ok {}", serde_json::to_string(&health).unwrap_or_default())
                    }
                    Err(_) => "error the console did not answer in time".to_string(),
                },
                false => "error the console is closing".to_string(),
            }
        }
        "server" => {
            let (tx, rx) = std::sync::mpsc::channel();
            match commands.send_outside(Command::Server { reply: tx }) {
                true => match rx.recv_timeout(ANSWER_WAIT) {
                    Ok(info) => format!("ok {}", serde_json::to_string(&info).unwrap_or_default()),
                    Err(_) => "error the console did not answer in time".to_string(),
                },
                false => "error the console is closing".to_string(),
            }
        }
        other => format!("error unknown request {other:?}"),
    };
    let _ = (&stream).write_all(format!("{reply}\n").as_bytes());
}

/// Why the process holding a store could not be asked, or could not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum ControlError {
    #[error(
        "The store at {} is open in another tribune that does not answer ({}); close it and try again.",
        store.display(),
        socket.display()
    )]
    NoAnswer { store: PathBuf, socket: PathBuf },
    #[error("The running tribune did not answer: {0}.")]
    Broken(std::io::Error),
    #[error("The running tribune could not do it: {0}.")]
    Refused(String),
    #[error("The running tribune gave an answer tribune cannot read.")]
    Unreadable,
}

/// Sends one request to the process that holds the store at `store_dir`; its answer after
/// `ok `, or the sentence it gave.
fn ask(store_dir: &Path, request: &str) -> Result<String, ControlError> {
    let path = socket_path(store_dir);
    let mut stream = UnixStream::connect(&path).map_err(|_| ControlError::NoAnswer {
        store: store_dir.to_path_buf(),
        socket: path.clone(),
    })?;
    let _ = stream.set_read_timeout(Some(ANSWER_WAIT));
    stream
        .write_all(format!("{request}\n").as_bytes())
        .map_err(ControlError::Broken)?;
    let mut line = String::new();
    BufReader::new(&stream)
        .read_line(&mut line)
        .map_err(ControlError::Broken)?;
    let line = line.trim_end();
    match (line.strip_prefix("ok "), line.strip_prefix("error ")) {
        (Some(answer), _) => Ok(answer.to_string()),
        (_, Some(e)) => Err(ControlError::Refused(e.to_string())),
        _ => Err(ControlError::Unreadable),
    }
}

/// Each source's last health report, from the process that holds the store.
pub fn request_health(store_dir: &Path) -> Result<super::SourcesHealth, ControlError> {
    let answer = ask(store_dir, "health")?;
    serde_json::from_str(&answer).map_err(|_| ControlError::Unreadable)
}

/// Whether the process holding the store is a team server, where it listens and who is on.
pub fn request_server(store_dir: &Path) -> Result<super::ServerInfo, ControlError> {
    let answer = ask(store_dir, "server")?;
    serde_json::from_str(&answer).map_err(|_| ControlError::Unreadable)
}

/// Asks the process that holds the store at `store_dir` for a backup.
pub fn request_backup(store_dir: &Path) -> Result<crate::store::BackupSummary, ControlError> {
    let answer = ask(store_dir, "backup")?;
    let mut parts = answer.splitn(3, ' ');
    let entries = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let bytes = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let path = PathBuf::from(parts.next().unwrap_or_default());
    Ok(crate::store::BackupSummary {
        path,
        entries,
        bytes,
    })
}
