//! The driver over tokio: any `AsyncRead + AsyncWrite` (a serial port, a pty, a TCP bridge),
//! or a serial device with feature `serial`.
//!
//! [`AsyncModem`] owns the byte stream and the timer; the protocol stays in [`Modem`]. Its
//! loop is the drain rule of the sans-IO driver: write what the driver wants written, hand
//! out its events, then wait for bytes or the next deadline.
//!
//! ```no_run
//! # async fn f() -> std::io::Result<()> {
//! use modem::{AsyncModem, Config, Event};
//! let mut m = AsyncModem::open_serial("/dev/ttyUSB2", 115_200, Config::default())?;
//! let id = m.send("+447700900123", "Hello", &Default::default()).expect("a valid message");
//! loop {
//!     match m.next_event().await? {
//!         Event::Sent { id: done, parts } if done == id => println!("{parts:?}"),
//!         Event::Received(sms) => {
//!             println!("{:?}: {:?}", sms.from, sms.text); // save it, then:
//!             m.ack(sms.id).expect("an id from an event");
//!         }
//!         _ => {}
//!     }
//! }
//! # }
//! ```

use std::io;
use std::time::Instant;

use gsm_pdu::SubmitOptions;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::driver::{Config, Event, InboundId, Modem, SendId};
use crate::error::RequestError;
use crate::trace::{Trace, TraceDirection};

/// The driver on a tokio byte stream.
#[derive(Debug)]
pub struct AsyncModem<T> {
    io: T,
    modem: Modem,
    start: Instant,
    buf: Vec<u8>,
    /// Bytes taken from the driver but not yet written: kept here so a cancelled
    /// `next_event` never loses half a command.
    out: Vec<u8>,
    trace: Option<Trace>,
}

fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncModem<T> {
    /// Starts driving the modem behind `io`.
    pub fn new(io: T, config: Config) -> Self {
        let start = now();
        Self {
            io,
            modem: Modem::new(config, start),
            start,
            buf: vec![0; 4096],
            out: Vec::new(),
            trace: None,
        }
    }

    /// Records every byte from now on into a [`Trace`].
    pub fn record(&mut self) {
        self.trace.get_or_insert_with(Trace::new);
    }

    /// The recording, when [`AsyncModem::record`] was called.
    pub fn trace(&self) -> Option<&Trace> {
        self.trace.as_ref()
    }

    /// The sans-IO driver (capabilities, pending counts).
    pub fn modem(&self) -> &Modem {
        &self.modem
    }

    /// Queues a message; see [`Modem::send`]. Its outcome comes as [`Event::Sent`].
    pub fn send(
        &mut self,
        to: &str,
        text: &str,
        opts: &SubmitOptions,
    ) -> Result<SendId, RequestError> {
        self.modem.send(now(), to, text, opts)
    }

    /// The host saved the message or report `id`; see [`Modem::ack`].
    pub fn ack(&mut self, id: InboundId) -> Result<(), RequestError> {
        self.modem.ack(now(), id)
    }

    /// Asks for [`Event::Info`]; see [`Modem::request_info`].
    pub fn request_info(&mut self) {
        self.modem.request_info(now());
    }

    /// Drives the modem until the next event. Fails with `UnexpectedEof` when the device
    /// closes, or with the stream's error.
    ///
    /// Cancel safe: dropping the future (in a `select!` or a timeout) loses no byte and no
    /// event; the next call carries on.
    pub async fn next_event(&mut self) -> io::Result<Event> {
        loop {
            while let Some(bytes) = self.modem.poll_transmit() {
                if let Some(t) = &mut self.trace {
                    t.record(now() - self.start, TraceDirection::ToModem, &bytes);
                }
                self.out.extend_from_slice(&bytes);
            }
            while !self.out.is_empty() {
                let n = self.io.write(&self.out).await?;
                if n == 0 {
                    return Err(io::ErrorKind::WriteZero.into());
                }
                self.out.drain(..n);
            }
            self.io.flush().await?;
            if let Some(e) = self.modem.poll_event() {
                return Ok(e);
            }
            let deadline = self.modem.poll_timeout();
            tokio::select! {
                n = self.io.read(&mut self.buf) => {
                    let n = n?;
                    if n == 0 {
                        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the modem closed the line"));
                    }
                    let t = now();
                    if let Some(tr) = &mut self.trace {
                        tr.record(t - self.start, TraceDirection::FromModem, &self.buf[..n]);
                    }
                    self.modem.handle_input(t, &self.buf[..n]);
                }
                () = sleep_until(deadline) => {
                    self.modem.handle_timeout(now());
                }
            }
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(tokio::time::Instant::from_std(d)).await,
        None => core::future::pending().await,
    }
}

/// A serial device (`/dev/ttyUSB2`, `COM3`, a pseudo-terminal).
#[cfg(feature = "serial")]
#[cfg_attr(docsrs, doc(cfg(feature = "serial")))]
pub type SerialStream = tokio_serial::SerialStream;

#[cfg(feature = "serial")]
#[cfg_attr(docsrs, doc(cfg(feature = "serial")))]
impl AsyncModem<tokio_serial::SerialStream> {
    /// Opens the serial device at `path` (8N1, no flow control, `baud`) and starts driving
    /// it. Call inside a tokio runtime.
    pub fn open_serial(path: &str, baud: u32, config: Config) -> io::Result<Self> {
        use tokio_serial::SerialPortBuilderExt;
        let port = tokio_serial::new(path, baud)
            .data_bits(tokio_serial::DataBits::Eight)
            .parity(tokio_serial::Parity::None)
            .stop_bits(tokio_serial::StopBits::One)
            .flow_control(tokio_serial::FlowControl::None)
            .open_native_async()
            .map_err(io::Error::from)?;
        Ok(Self::new(port, config))
    }
}
