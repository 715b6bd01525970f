//! Sending: the SMS-SUBMITs of a text, one `AT+CMGS` per part (with `AT+CMMS=1` around a
//! multipart message), `+CMGS: <mr>` recorded per part, retries by retry class, and one
//! [`Event::Sent`] per message.

use std::time::Instant;

use gsm_pdu::{Address, SubmitOptions, Tpdu, encode_with_smsc, submit_text};

use super::{Cmd, Event, Modem, PartOutcome, Purpose, Reply, SendId, SendState, parse};
use crate::error::{CmsError, ModemError, RequestError, RetryClass};

impl Modem {
    /// Queues `text` for `to` (an international `+…` or national number). The message is
    /// split into parts as `gsm7` chooses (with `opts.split`); `opts.srr` asks for status
    /// reports; TP-MR is left to the modem (it answers it in `+CMGS: <mr>`).
    pub fn send(
        &mut self,
        now: Instant,
        to: &str,
        text: &str,
        opts: &SubmitOptions,
    ) -> Result<SendId, RequestError> {
        if let Some(why) = &self.unusable {
            return Err(RequestError::Unusable(why.clone()));
        }
        let da = Address::parse_number(to).map_err(RequestError::Destination)?;
        let submits = submit_text(&da, text, opts)?;
        let id = self.next_send;
        self.next_send += 1;
        let n = submits.len();
        if n > 1 && self.caps.cmms != Some(false) {
            // TS 27.005 §3.5.6: "1 enable (keep the link open until the time between the
            // response of the latest message's send command and the next send command
            // exceeds 1-5 seconds)".
            self.queue.push_back(Cmd::new(
                "AT+CMMS=1",
                Purpose::Cmms,
                self.config.command_timeout,
            ));
        }
        for (part, submit) in submits.into_iter().enumerate() {
            let mut pdu = Vec::new();
            let length = encode_with_smsc(None, &Tpdu::Submit(submit), &mut pdu)
                .map_err(|e| RequestError::Build(e.into()))?;
            let mut cmd = Cmd::new(
                format!("AT+CMGS={length}"),
                Purpose::Part { send: id, part },
                self.config.prompt_timeout,
            );
            cmd.pdu = Some(pdu);
            self.queue.push_back(cmd);
        }
        self.sends.insert(
            id,
            SendState {
                recipient: to.to_owned(),
                parts: vec![None; n],
                attempts: vec![0; n],
            },
        );
        self.pump(now);
        Ok(SendId(id))
    }
    pub(super) fn part_reply(
        &mut self,
        now: Instant,
        cmd: Cmd,
        send: u64,
        part: usize,
        reply: Reply,
    ) {
        match reply.result {
            Ok(()) => self.part_accepted(now, send, part, parse::cmgs_mr(&reply.lines)),
            Err(e) => {
                // With `AT+CMEE` in force a bare `ERROR` means the device lost its settings
                // (a restart it did not announce): check, then try again.
                let settings_lost = matches!(e, ModemError::Error) && self.caps.cmee > 0;
                let transient = e.retry_class() == RetryClass::Transient || settings_lost;
                // A timeout after the PDU left may have sent it: do not send it twice.
                let unknown = matches!(e, ModemError::Timeout(_)) && reply.pdu_sent;
                let attempts = self
                    .sends
                    .get_mut(&send)
                    .and_then(|s| s.attempts.get_mut(part))
                    .map(|a| {
                        *a += 1;
                        *a
                    })
                    .unwrap_or(u8::MAX);
                if transient && !unknown && attempts < self.config.send_attempts {
                    if matches!(e, ModemError::Cms(c) if c == CmsError::MEMORY_FULL) {
                        self.queue_sweep();
                    }
                    self.paused_until = Some(now + self.config.busy_pause);
                    self.queue.push_front(cmd);
                    if settings_lost {
                        self.queue_health_check();
                    }
                } else {
                    self.part_done(send, part, Err(e));
                    self.finish_send(send);
                }
            }
        }
    }
    /// The device took the part (`+CMGS: <mr>`): recorded for status-report matching.
    pub(super) fn part_accepted(&mut self, now: Instant, send: u64, part: usize, mr: Option<u8>) {
        self.part_done(send, part, Ok(mr));
        if let Some(mr) = mr
            && let Some(s) = self.sends.get(&send)
        {
            let recipient = s.recipient.clone();
            self.inbound
                .sent_part(now, SendId(send), part, mr, recipient);
        }
        self.finish_send(send);
    }

    pub(super) fn part_done(
        &mut self,
        send: u64,
        part: usize,
        outcome: Result<Option<u8>, ModemError>,
    ) {
        if let Some(s) = self.sends.get_mut(&send)
            && let Some(slot) = s.parts.get_mut(part)
        {
            *slot = Some(match outcome {
                Ok(mr) => PartOutcome { mr, error: None },
                Err(e) => PartOutcome {
                    mr: None,
                    error: Some(e),
                },
            });
        }
    }
    pub(super) fn finish_send(&mut self, send: u64) {
        let done = self
            .sends
            .get(&send)
            .is_some_and(|s| s.parts.iter().all(Option::is_some));
        if done && let Some(s) = self.sends.remove(&send) {
            self.events.push_back(Event::Sent {
                id: SendId(send),
                parts: s.parts.into_iter().flatten().collect(),
            });
        }
    }
}
