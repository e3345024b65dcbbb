//! An SSH session as a console's screen: frames are written into the session's channel by a
//! task of its own (a slow client holds up only itself), keys come from the connection's
//! parser, and the size is what the client's pty said.

use crossterm::event::Event as TermEvent;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use russh::ChannelId;
use russh::server::Handle;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// Frames waiting for a client that does not read; past this, frames are dropped and the next
/// one is drawn whole.
const FRAMES_QUEUED: usize = 16;

/// The alternate screen and bracketed paste on, the cursor hidden: as a local console starts.
const ENTER: &[u8] = b"\x1b[?1049h\x1b[?2004h\x1b[?25l\x1b[2J";
/// And back as it was.
const LEAVE: &[u8] = b"\x1b[?2004l\x1b[?25h\x1b[?1049l";

pub(crate) struct SshScreen {
    terminal: Terminal<CrosstermBackend<ChannelWriter>>,
    input: mpsc::Receiver<TermEvent>,
    size: (u16, u16),
    /// The frame being drawn.
    buffer: Arc<Mutex<Vec<u8>>>,
    /// A frame was dropped since the last whole one.
    damaged: bool,
    frames: mpsc::Sender<Vec<u8>>,
}

impl SshScreen {
    pub(crate) fn new(
        handle: Handle,
        channel: ChannelId,
        size: (u16, u16),
        input: mpsc::Receiver<TermEvent>,
    ) -> std::io::Result<SshScreen> {
        let (frames, mut queued) = mpsc::channel::<Vec<u8>>(FRAMES_QUEUED);
        tokio::spawn(async move {
            while let Some(bytes) = queued.recv().await {
                if handle.data(channel, bytes).await.is_err() {
                    break;
                }
            }
            // The console ended (or the client went): the channel is closed for good.
            let _ = handle.exit_status_request(channel, 0).await;
            let _ = handle.eof(channel).await;
            let _ = handle.close(channel).await;
        });
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = ChannelWriter {
            buffer: buffer.clone(),
        };
        let _ = frames.try_send(ENTER.to_vec());
        let area = Rect::new(0, 0, size.0, size.1);
        let terminal = Terminal::with_options(
            CrosstermBackend::new(writer),
            TerminalOptions {
                viewport: Viewport::Fixed(area),
            },
        )?;
        Ok(SshScreen {
            terminal,
            input,
            size,
            buffer,
            damaged: false,
            frames,
        })
    }

    /// Gives the client's terminal back as it was.
    pub(crate) fn leave(&self) {
        let _ = self.frames.try_send(LEAVE.to_vec());
    }
}

impl crate::tui::Screen for SshScreen {
    type Backend = CrosstermBackend<ChannelWriter>;

    fn terminal(&mut self) -> &mut Terminal<Self::Backend> {
        &mut self.terminal
    }

    async fn next_event(&mut self) -> Option<std::io::Result<TermEvent>> {
        self.input.recv().await.map(Ok)
    }

    fn size(&mut self) -> (u16, u16) {
        self.size
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        let _ = self.terminal.resize(Rect::new(0, 0, width, height));
    }

    fn bell(&mut self) {
        let _ = self.frames.try_send(b"\x07".to_vec());
    }

    fn edit_externally(&mut self, _text: &str) -> Result<String, String> {
        Err("The external editor works only in a local tribune; write here (^s sends).".into())
    }

    fn take_damage(&mut self) -> bool {
        std::mem::take(&mut self.damaged)
    }

    fn present(&mut self) -> std::io::Result<()> {
        let frame = std::mem::take(&mut *lock(&self.buffer));
        if frame.is_empty() {
            return Ok(());
        }
        match self.frames.try_send(frame) {
            Ok(()) => Ok(()),
            // The client is not reading: this frame is lost, the next is drawn whole.
            Err(mpsc::error::TrySendError::Full(_)) => {
                tracing::debug!("a frame was dropped: the client is not reading");
                self.damaged = true;
                Ok(())
            }
            Err(mpsc::error::TrySendError::Closed(_)) => Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "the SSH session closed",
            )),
        }
    }
}

/// What ratatui writes, gathered until the frame is drawn: ratatui flushes several times a
/// frame, and the screen sends each frame on as one message (`present`), so the queue holds
/// whole frames.
pub(crate) struct ChannelWriter {
    buffer: Arc<Mutex<Vec<u8>>>,
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        lock(&self.buffer).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The frame buffer; a writer that panicked mid-frame leaves bytes that are still a frame.
fn lock(buffer: &Mutex<Vec<u8>>) -> std::sync::MutexGuard<'_, Vec<u8>> {
    buffer
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
