//! Shared fixtures for the benches.

/// shared/vectors/bench-pdus.md: the deliver_sm carrying a delivery receipt, 194 octets
/// (esm_class 0x04, Appendix B text in short_message, receipted_message_id and message_state
/// TLVs), as hex.
pub const DELIVER_SM_RECEIPT: &str = "000000c20000000500000000000000010001013434373730303930303132330005004d794272616e64000400000000000000007a69643a31323334353637383930207375623a30303120646c7672643a303031207375626d697420646174653a3235313132353132303020646f6e6520646174653a3235313132353132303120737461743a44454c49565244206572723a30303020746578743a596f7572204d794272616e642076657269666963001e000b31323334353637383930000427000102";

/// Octets of a hex string.
///
/// # Panics
/// On a character that is not a hex digit (the fixtures are constants).
pub use test_support::hex;

/// `line` repeated to at least 1 KiB.
fn kib(line: &str) -> String {
    let mut s = String::new();
    while s.len() < 1024 {
        s.push_str(line);
    }
    s
}

/// About 1 KB of a typical default-alphabet message: mostly ASCII, with an 'é', a '£', an '@',
/// an '€' (an escape pair) and a '_' per line of about 140 characters.
pub fn typical_text() -> String {
    kib(
        "Hi René, your order #48213 has shipped and should arrive on Tuesday. \
         Total: £42.50 (incl. €3 fee). Questions? Mail help_desk@shop.example or reply STOP.\n",
    )
}

/// About 1 KB of the default alphabet at its worst: Latin-1 letters, Greek capitals, '@' and
/// characters of the extension table (escape pairs) every few characters.
pub fn mixed_text() -> String {
    kib(
        "Hello World! Your code is 123456 @ 12:30. Café à Paris, Ørsted & Æsir; \
         price €5 {promo} [x] ~ | ^ ΔΦΓΛΩ. Thanks.\n",
    )
}

/// About 1 KB of text that needs UCS-2: Latin and CJK with emoji, a ZWJ family and a flag
/// (grapheme clusters of several characters).
pub fn emoji_text() -> String {
    kib("Merci 😀! 你好，世界 👩‍👩‍👧 rendez-vous à 18h 🇮🇹 ok? 🎉🎉 ")
}

/// A natural Turkish sentence (mostly ASCII, a Turkish letter every few characters), about
/// 1 KB, for the Turkish locking and single shift tables.
pub fn turkish_natural_text() -> String {
    "Günaydın! Şu an İstanbul'da çok güzel bir gün. ".repeat(22)
}

/// The tables a text in `lang` is coded with: the language's locking shift table (the default
/// alphabet for Spanish, which has none) and its single shift table.
pub fn national_tables(lang: gsm7::NationalLanguage) -> gsm7::Tables {
    gsm7::Tables {
        locking: lang.has_locking_shift().then_some(lang),
        single: Some(lang),
    }
}

/// About 1 KB of text in the characters of `lang`'s tables (TS 23.038 Annex A): words of five
/// characters of the locking table (the default alphabet for Spanish) in table order, a space
/// between words, and a character of the single shift table (an escape pair) after every
/// fourth word. The controls (LF, FF, CR) and the space are left out of the words.
pub fn national_text(lang: gsm7::NationalLanguage) -> String {
    let tables = national_tables(lang);
    let decoded = |septets: &[u8]| {
        let mut s = String::new();
        gsm7::decode_septets(septets, tables, &mut s)
            .ok()
            .and_then(|()| s.chars().next())
    };
    let locking: Vec<char> = (0u8..0x80)
        .filter_map(|s| decoded(&[s]))
        .filter(|c| !c.is_control() && *c != ' ')
        .collect();
    let shift: Vec<char> = (0u8..0x80)
        .filter_map(|s| decoded(&[gsm7::ESCAPE, s]))
        .filter(|c| !c.is_control())
        .collect();
    let mut text = String::new();
    let (mut l, mut s, mut word) = (0, 0, 0);
    while text.len() < 1024 {
        for _ in 0..5 {
            text.push(locking[l % locking.len()]);
            l += 1;
        }
        word += 1;
        if word % 4 == 0 {
            text.push(shift[s % shift.len()]);
            s += 1;
        }
        text.push(' ');
    }
    text
}

/// The texts the gsm7 benches and `instructions` know by name, with the tables each is coded
/// with: `ascii`, `typical`, `mixed` (the worst mix of the default alphabet), `turkish_natural`,
/// `emoji` (UCS-2 only) and each national language by its name (`turkish`, …, `urdu`).
pub fn named_text(name: &str) -> Option<(String, gsm7::Tables)> {
    let default = gsm7::Tables::DEFAULT;
    Some(match name {
        "ascii" => (ascii_text(), default),
        "typical" => (typical_text(), default),
        "mixed" => (mixed_text(), default),
        "emoji" => (emoji_text(), default),
        "turkish_natural" => (
            turkish_natural_text(),
            national_tables(gsm7::NationalLanguage::Turkish),
        ),
        lang => {
            let lang: gsm7::NationalLanguage = lang.parse().ok()?;
            (national_text(lang), national_tables(lang))
        }
    })
}

/// About 1 KB of ASCII that the default alphabet codes one septet each.
pub fn ascii_text() -> String {
    "Your verification code is 482913. It expires in 10 minutes; do not share it. ".repeat(13)
}

/// shared/vectors/bench-pdus.md: the submit_sm, 198 octets (short_message at offset 52,
/// 140 octets; esm_class 0x08), as hex.
pub const SUBMIT_SM: &str = "000000c60000000400000000000000010005004d794272616e64000101343437373030393030313233000800000000010000008c596f7572204d794272616e6420766572696669636174696f6e20636f6465206973203438323931332e204974206578706972657320696e203130206d696e757465732e204e65766572207368617265207468697320636f6465207769746820616e796f6e652c206f75722073746166662077696c6c206e657665722061736b20666f722069742e205468782e020400020001";

/// The 140 octets of [`SUBMIT_SM`]'s short_message.
pub fn submit_sm_text() -> Vec<u8> {
    hex(SUBMIT_SM)[52..52 + 140].to_vec()
}

/// The submit_sm of bench-pdus.md built from its fields, `short_message` borrowed: what a
/// client builds per message (encoded, it is [`SUBMIT_SM`]'s octets).
pub fn build_submit_sm(short_message: &[u8]) -> smpp::Pdu<'_> {
    let mut sm = smpp::SubmitSm {
        source_addr_ton: smpp::Ton(5),
        source_addr_npi: smpp::Npi(0),
        source_addr: smpp::COctetString::from_str("MyBrand").expect("source_addr"),
        dest_addr_ton: smpp::Ton::INTERNATIONAL,
        dest_addr_npi: smpp::Npi::ISDN,
        destination_addr: smpp::COctetString::from_str("447700900123").expect("destination"),
        esm_class: smpp::EsmClass(0x08),
        registered_delivery: smpp::RegisteredDelivery(1),
        short_message: short_message.try_into().expect("short_message"),
        ..smpp::SubmitSm::default()
    };
    sm.tlvs
        .push_u16(smpp::TlvTag::USER_MESSAGE_REFERENCE, 1)
        .expect("tlv");
    smpp::Pdu::SubmitSm(sm)
}

/// An ESME and an SMSC [`Session`](smpp::session::Session) bound back to back in memory (no
/// sockets, no runtime), the SMSC answering each submit_sm by itself (`auto_respond`): the
/// session core of the loopback bench.
#[derive(Debug)]
pub struct SessionPair {
    esme: smpp::session::Session<u32>,
    smsc: smpp::session::Session<()>,
    now: std::time::Instant,
    window: usize,
    to_smsc: Vec<u8>,
    to_esme: Vec<u8>,
}

impl SessionPair {
    /// The two sessions bound (transceiver), the ESME with a window of `window`.
    pub fn new(window: usize) -> Self {
        use smpp::session::{BindKind, Config, MessageIds, Session};
        let now = std::time::Instant::now();
        let mut ec = Config::default();
        ec.window = window;
        let mut esme: Session<u32> = Session::esme(ec, now);
        let mut sc = Config::default();
        sc.auto_respond = true;
        let smsc: Session<()> = Session::smsc(
            sc,
            now,
            |_: BindKind, _: &smpp::Bind<'_>| smpp::CommandStatus::ESME_ROK,
            MessageIds::default(),
        );
        let bind = smpp::Bind::new(
            smpp::COctetString::from_str("bench").expect("system_id"),
            smpp::COctetString::empty(),
        );
        esme.bind(now, BindKind::Transceiver, &bind).expect("bind");
        let mut pair = Self {
            esme,
            smsc,
            now,
            window,
            to_smsc: Vec::with_capacity(1 << 16),
            to_esme: Vec::with_capacity(1 << 16),
        };
        pair.exchange();
        while pair.esme.poll_event().is_some() {}
        pair
    }

    /// One round trip of what is queued: the ESME's output into the SMSC, its answers back.
    fn exchange(&mut self) {
        self.to_smsc.clear();
        self.to_esme.clear();
        self.esme.poll_transmit(&mut self.to_smsc);
        self.smsc.handle_input(self.now, &self.to_smsc);
        while self.smsc.poll_event().is_some() {}
        self.smsc.poll_transmit(&mut self.to_esme);
        self.esme.handle_input(self.now, &self.to_esme);
    }

    /// `n` submit_sm (at most the window), each built by `build` and submitted (encoded by
    /// the session), answered, and their outcomes taken.
    ///
    /// # Panics
    /// When `n` exceeds the window or an outcome is missing.
    pub fn round<'a>(&mut self, n: usize, build: impl Fn() -> smpp::Pdu<'a>) {
        use smpp::session::Event;
        assert!(
            n <= self.window,
            "{n} requests in a window of {}",
            self.window
        );
        for token in 0..n as u32 {
            self.esme.submit(self.now, &build(), token).expect("window");
        }
        self.exchange();
        let mut done = 0;
        while let Some(e) = self.esme.poll_event() {
            if matches!(e, Event::Outcome { .. }) {
                done += 1;
            }
        }
        assert_eq!(done, n);
    }
}

/// Runs `iters` calls of `call` on `tasks` tasks of the current runtime, each making its next
/// call once its last one is done (so at most `tasks` are in flight), and returns the time
/// they took: the client loop of the loopback benches.
pub async fn calls_in_flight<F, Fut>(iters: u64, tasks: usize, call: F) -> std::time::Duration
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    use smpp::tokio::tokio;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    let remaining = Arc::new(AtomicU64::new(iters));
    let start = std::time::Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..tasks {
        let remaining = remaining.clone();
        let call = call.clone();
        set.spawn(async move {
            while remaining
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |x| x.checked_sub(1))
                .is_ok()
            {
                call().await;
            }
        });
    }
    while let Some(r) = set.join_next().await {
        r.expect("client task");
    }
    start.elapsed()
}

/// A current-thread tokio runtime with I/O and time: one per thread of the loopback benches.
pub fn current_thread_runtime() -> smpp::tokio::tokio::runtime::Runtime {
    smpp::tokio::tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Starts an `SmscServer` on a thread of its own (its own current-thread runtime, like a
/// second process talking only over TCP), answering each submit_sm by itself
/// (`auto_respond`, a window of `window`) and dropping the request streams; returns where it
/// listens.
pub fn spawn_auto_smsc(window: usize) -> std::net::SocketAddr {
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        current_thread_runtime().block_on(async move {
            let mut config = smpp::session::Config::default();
            config.auto_respond = true;
            config.window = window;
            let mut server = smpp::tokio::SmscServer::bind("127.0.0.1:0", config, |_, _| {
                smpp::CommandStatus::ESME_ROK
            })
            .await
            .expect("listen");
            addr_tx.send(server.local_addr()).expect("addr");
            // Accept binds and drop their request streams: responses are automatic.
            while server.accept().await.is_some() {}
        });
    });
    addr_rx.recv().expect("server up")
}

/// An `EsmeClient` bound as a transceiver (system_id and password `bench`) to `addr`, with a
/// window of `window`.
pub fn connect_esme(
    rt: &smpp::tokio::tokio::runtime::Runtime,
    addr: std::net::SocketAddr,
    window: usize,
) -> smpp::tokio::EsmeClient {
    let bind = smpp::Bind::new(
        smpp::COctetString::from_str("bench").expect("system_id"),
        smpp::COctetString::from_str("bench").expect("password"),
    );
    let mut config = smpp::tokio::EsmeConfig::new(smpp::session::BindKind::Transceiver, bind);
    config.session.window = window;
    rt.block_on(smpp::tokio::EsmeClient::connect(addr, config))
        .expect("bind")
}

/// The `dlr_store` bench's steady-state batches: each [`StoreBatches::batch`] begins
/// [`StoreBatches::BATCH`] messages, records the submit_sm_resp ids of the batch before and
/// completes (one final receipt each) the batch before that. Message keys and ids are
/// decimal numbers, ever new.
#[derive(Debug)]
pub struct StoreBatches {
    /// The first message of this pipeline.
    first: u64,
    /// The first message of the next batch.
    next: u64,
    keys: Vec<String>,
    out: Vec<dlr::store::OpResult>,
}

impl StoreBatches {
    /// Messages begun (and answered, and completed) per batch.
    pub const BATCH: u64 = 1000;

    /// A pipeline whose first message is number `first`.
    pub fn starting_at(first: u64) -> Self {
        Self {
            first,
            next: first,
            keys: Vec::new(),
            out: Vec::new(),
        }
    }

    /// One batch: begins messages `next..next+BATCH`, records the ids of the batch before,
    /// completes the one before that.
    ///
    /// # Panics
    /// If the store fails or answers an operation with an error.
    pub fn batch(&mut self, store: &mut dyn dlr::store::CorrelationStore) {
        use dlr::store::StoreOp;
        let batch = Self::BATCH;
        let n = self.next;
        let now = core::time::Duration::from_secs(1_800_000_000 + n / 1_000_000);
        let lo = n.saturating_sub(2 * batch).max(self.first);
        self.keys.clear();
        self.keys.extend((lo..n + batch).map(|i| i.to_string()));
        // The first two batches have no receipts, the first no responses either.
        let (old, rest) = self.keys.split_at((n - lo).saturating_sub(batch) as usize);
        let (answered, new) = rest.split_at(rest.len() - batch as usize);
        let mut ops = Vec::with_capacity(3 * batch as usize);
        ops.extend(old.iter().map(|k| StoreOp::Report {
            message_id: k,
            origin: dlr::IdOrigin::ReceiptText,
            state: dlr::State::Delivered,
        }));
        ops.extend(answered.iter().map(|k| StoreOp::Submitted {
            message: k,
            part: 0,
            message_id: k,
        }));
        ops.extend(new.iter().map(|k| StoreOp::Begin {
            message: k,
            parts: 1,
        }));
        self.out.clear();
        store.apply(now, &ops, &mut self.out).unwrap();
        assert!(
            self.out.iter().all(Result::is_ok),
            "{:?}",
            self.out.iter().find(|r| r.is_err())
        );
        self.next += batch;
    }
}
