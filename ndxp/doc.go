// Package ndxp is the client of the national CBCCVC database's services on
// NDXP, the national data-exchange platform (docs/guide/en/06-ndxp.md): an agency system
// submits signed HOSO and BIENDONG packets, polls their processing results
// (PHANHOI), and pulls the results of matching against the population and
// social-insurance databases (DOIKHOP) and the profiles the national
// database holds (CHIASE_HOSO).
//
// Through the agency's X-Road security server, the default transport:
//
//	me, err := identifier.ParseSubsystem("VN/GOV/000.00.00.H29/QLCB")
//	c, err := ndxp.NewClient("https://ss.sonoivu.example.vn",
//		ndxp.WithXRoadClient(me),
//		ndxp.WithVerifier(&signing.Verifier{Policy: signing.Policy{Roots: roots}}),
//	)
//	ack, err := c.Submit(ctx, signedPacket)        // PHANHOI, TIEP_NHAN
//	res, err := c.Wait(ctx, ack.Packet.Header.ReplyTo, 0) // PHANHOI, DA_XU_LY; polls every ndxp.DefaultPollInterval
//	for page, err := range c.Matches(ctx, ndxp.MatchQuery{Since: lastRun}) { … }
//
// or through a provincial OAuth 2.0 gateway, with WithOAuth(clientID, secret).
//
// # What the client guarantees
//
// Every packet it returns was verified first (an Answer embeds the
// signing.Verified result, and its Packet is decoded from exactly the bytes
// that verified), comes from the service's owner, is addressed to the
// caller's agency, is of the kind asked for and, for a PHANHOI, answers the
// packet asked about. There is no way to get an unverified packet from it.
//
// Each header is set once. Requests are retried on network errors, 429,
// 502, 503 and 504, with exponential backoff and full jitter, honouring
// Retry-After, within the context's deadline; a POST is retried only
// because it carries its MaGoiTin as Idempotency-Key, so that a retried
// submission is never processed twice. On the OAuth gateway the token is
// cached, renewed before it expires, and renewed once more on a 401.
// An answer's X-Road-Request-Hash, when present, must match the request.
//
// Errors are *Error values (errors.Is with ErrNotFound, ErrConflict,
// ErrRateLimited, ErrUnavailable…; ErrSecurityServer for an X-Road-Error
// fault of NDXP itself, kept apart from the service's own errors),
// signing errors for an answer whose signature does not hold, and
// ErrUnexpectedAnswer for a verified answer that is not the one asked for.
//
// Logs (WithLogger) name endpoints, statuses, attempts and X-Road-Id, never
// a token, a secret, a path with a personal ID, or any other personal data.
//
// The Uploader sends any number of records: it cuts them into packets,
// signs, submits with bounded concurrency, polls the results and keeps a
// journal from which an interrupted upload resumes without loss and
// without duplicates. The ndxptest package is an in-memory national service
// to test against.
package ndxp
