//! Driving an [`Emulator`] over any `AsyncRead + AsyncWrite` with tokio.

use std::io;

use gsm_pdu::Status;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::{Emulator, Event};

/// A request to a running emulator.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Control {
    /// A message arrives from the network ([`Emulator::deliver_mo`]).
    Mo {
        /// TP-OA.
        from: String,
        /// The text.
        text: String,
    },
    /// Status reports are sent now ([`Emulator::deliver_report`]): for TP-MR `mr`, or for
    /// every SMS-SUBMIT waiting for one.
    Report {
        /// Which SMS-SUBMIT, or all.
        mr: Option<u8>,
        /// TP-ST.
        status: Status,
    },
    /// The device restarts ([`Emulator::reboot`]).
    Reboot,
}

/// Runs `emulator` on `io` until `io` reaches end of file (`Ok`) or fails: bytes read are
/// handed to the emulator, its output is written, its timers are kept, requests from
/// `control` are carried out, and every event is passed to `on_event`.
///
/// ```no_run
/// # async fn f(io: tokio::io::DuplexStream) -> std::io::Result<()> {
/// use modem::emulator::{Config, Control, Emulator, run};
/// let mut emu = Emulator::new(Config::default(), std::time::Instant::now());
/// let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
/// tx.send(Control::Mo { from: "+447700900999".into(), text: "Hi".into() }).ok();
/// run(&mut emu, io, &mut rx, |event| println!("{event:?}")).await
/// # }
/// ```
pub async fn run<IO>(
    emulator: &mut Emulator,
    mut io: IO,
    control: &mut mpsc::UnboundedReceiver<Control>,
    mut on_event: impl FnMut(Event),
) -> io::Result<()>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    let mut buf = vec![0u8; 4096];
    let mut control_open = true;
    loop {
        while let Some(chunk) = emulator.poll_output() {
            io.write_all(&chunk).await?;
        }
        io.flush().await?;
        while let Some(e) = emulator.poll_event() {
            on_event(e);
        }
        let deadline = emulator.poll_timeout().map(Instant::from_std);
        tokio::select! {
            n = io.read(&mut buf) => {
                let n = n?;
                if n == 0 {
                    return Ok(());
                }
                emulator.handle_input(Instant::now().into_std(), &buf[..n]);
            }
            () = sleep_until(deadline) => {
                emulator.handle_timeout(Instant::now().into_std());
            }
            c = control.recv(), if control_open => {
                let now = Instant::now().into_std();
                match c {
                    None => control_open = false,
                    Some(Control::Mo { from, text }) => {
                        // A refused message is reported as an event by deliver_mo.
                        let _ = emulator.deliver_mo(now, &from, &text);
                    }
                    Some(Control::Report { mr, status }) => {
                        emulator.deliver_report(now, mr, status);
                    }
                    Some(Control::Reboot) => emulator.reboot(now),
                }
            }
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}
