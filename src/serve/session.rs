//! One SSH connection: its key says which agent it is; a session channel with a pty and a
//! shell request becomes that agent's console. Everything else an SSH client may ask (exec,
//! subsystems, forwarding, agent or X11 forwarding, passwords) is refused.

use super::Team;
use super::input::InputParser;
use super::screen::SshScreen;
use crossterm::event::Event as TermEvent;
use russh::server::{Auth, Handler, Msg, Session};
use russh::{Channel, ChannelId, Pty};
use std::sync::Arc;
use tokio::sync::mpsc;

/// Keys and pastes queued for a console that is not reading (a stuck session) are dropped
/// past this many, so a client cannot grow the server's memory.
const INPUT_QUEUE: usize = 1024;

pub(super) struct Connection {
    team: Arc<Team>,
    peer: Option<std::net::SocketAddr>,
    /// The agent the verified key belongs to.
    agent: Option<String>,
    /// The one session channel served, with its terminal as the pty request gave it.
    channel: Option<ChannelId>,
    terminal: Option<(String, u16, u16)>,
    /// Where this connection's bytes go once the console runs.
    input: Option<mpsc::Sender<TermEvent>>,
    parser: InputParser,
    /// Environment the client sent (only NO_COLOR is read).
    no_colour: bool,
}

impl Connection {
    pub(super) fn new(team: Arc<Team>, peer: Option<std::net::SocketAddr>) -> Connection {
        Connection {
            team,
            peer,
            agent: None,
            channel: None,
            terminal: None,
            input: None,
            parser: InputParser::default(),
            no_colour: false,
        }
    }

    /// Refuses a request on the channel with a line the client shows, then closes it.
    fn refuse(&self, channel: ChannelId, session: &mut Session, line: &str) {
        let _ = session.channel_failure(channel);
        let _ = session.data(channel, format!("tribune: {line}\r\n").into_bytes());
        let _ = session.exit_status_request(channel, 1);
        let _ = session.eof(channel);
        let _ = session.close(channel);
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn authentication_banner(&mut self) -> Result<Option<String>, Self::Error> {
        // Shown by `ssh` before the key is checked: said once for whoever is refused.
        Ok(Some(
            "tribune: agents sign in with a key listed under [[agent]] in the server's config.\r\n"
                .into(),
        ))
    }

    async fn auth_publickey_offered(
        &mut self,
        _user: &str,
        offer: russh::server::PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(match self.team.keys.agent_of(offer.public_key) {
            Some(_) => Auth::Accept,
            None => Auth::reject(),
        })
    }

    async fn auth_publickey(
        &mut self,
        _user: &str,
        key: russh::server::VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        match self.team.keys.agent_of(key.public_key) {
            Some(agent) => {
                tracing::info!(agent, peer = ?self.peer, "an agent signed in");
                self.agent = Some(agent.to_string());
                Ok(Auth::Accept)
            }
            None => {
                tracing::info!(peer = ?self.peer, "a key no agent has was refused");
                Ok(Auth::reject())
            }
        }
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: russh::server::ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // One console per connection; the channel's own reader is not used (the handler
        // hears its data), so it is let go.
        if self.channel.is_some() {
            reply
                .reject(russh::ChannelOpenFailure::AdministrativelyProhibited)
                .await;
            return Ok(());
        }
        self.channel = Some(channel.id());
        reply.accept().await;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.terminal = Some((
            term.to_string(),
            clamp_size(col_width),
            clamp_size(row_height),
        ));
        session.channel_success(channel)?;
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if name == "NO_COLOR" && !value.is_empty() {
            self.no_colour = true;
            session.channel_success(channel)?;
        } else {
            session.channel_failure(channel)?;
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let (Some(agent), Some((term, width, height))) = (&self.agent, &self.terminal) else {
            self.refuse(
                channel,
                session,
                "the console needs a terminal; connect with `ssh -t`.",
            );
            return Ok(());
        };
        if self.input.is_some() {
            session.channel_failure(channel)?;
            return Ok(());
        }
        let (input_tx, input_rx) = mpsc::channel(INPUT_QUEUE);
        self.input = Some(input_tx);
        let screen = match SshScreen::new(session.handle(), channel, (*width, *height), input_rx) {
            Ok(screen) => screen,
            Err(e) => {
                self.refuse(channel, session, &format!("the console cannot start: {e}."));
                return Ok(());
            }
        };
        let colour = !self.no_colour && !matches!(term.as_str(), "" | "dumb");
        session.channel_success(channel)?;
        super::console::spawn(self.team.clone(), agent.clone(), screen, colour);
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        _data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(
            channel,
            session,
            "this server runs only the console; commands are not run here.",
        );
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        _name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(
            channel,
            session,
            "this server runs only the console; no subsystem is offered.",
        );
        Ok(())
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        session.channel_failure(channel)?;
        Ok(())
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        _socket_path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        Ok(false)
    }

    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        col_width: u32,
        row_height: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(input) = &self.input {
            let _ = input.try_send(TermEvent::Resize(
                clamp_size(col_width),
                clamp_size(row_height),
            ));
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if Some(channel) != self.channel {
            return Ok(());
        }
        let Some(input) = &self.input else {
            return Ok(());
        };
        for event in self.parser.feed(data) {
            if input.try_send(event).is_err() {
                // The console is stuck or gone: keys are dropped, never queued forever.
                break;
            }
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        // The client closed: the console ends as on a quit (its draft is saved). A cut
        // connection drops this handler, and the input with it, to the same effect.
        self.input = None;
        Ok(())
    }
}

/// A terminal size from the client, kept to what a screen can be.
fn clamp_size(n: u32) -> u16 {
    n.clamp(1, 1000) as u16
}
