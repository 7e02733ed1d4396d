"""E-mail intake: reading MIME as it really arrives, threading replies to their complaints,
and the two ways mail comes in (an SMTP listener and an IMAP poller)."""
