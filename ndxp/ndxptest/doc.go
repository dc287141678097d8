// Package ndxptest is a sandbox of the national CBCCVC service on NDXP
// (docs/guide/en/07-sandbox-conformance.md#the-sandbox): a real HTTP server, in memory, that Go tests start
// with NewServer and that `cbccvc sandbox` runs as a process for everyone
// else (New, an http.Handler).
//
// One Config configures it, with the same defaults everywhere: New returns
// the Sandbox, the handler with its inspection and control (Stats, Report,
// Fail, Advance, …); NewServer(tb, cfg) runs one on a local port for a
// test, Start(cfg) for a program or an example. The package does not
// import testing (NewServer takes a TB), so a program may link it.
//
//	func TestSync(t *testing.T) {
//		srv := ndxptest.NewServer(t, ndxptest.Config{}) // closed when the test ends
//		agency := identifier.MustParseAgencyCode("000.00.00.H29")
//		c := srv.Client(agency)      // a real *ndxp.Client, trusting the sandbox's PKI
//
//		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
//		defer cancel()
//		srv.Fail("submit", ndxptest.Fault{Status: 503, RetryAfter: time.Second, Times: 1})
//		signed, _ := c.Signer().Sign(ctx, packetJSON)
//		ack, err := c.Submit(ctx, signed)      // retried once, after Retry-After
//		res, err := c.Wait(ctx, id, time.Millisecond) // PHANHOI, DA_XU_LY
//		fmt.Println(srv.Stats().PacketsProcessed, len(srv.Profiles()))
//	}
//
// # What it does
//
// It serves both transports at once, under a base path (DefaultBasePath in
// tests, so that a client that drops the base URL's path gets a 404):
//
//   - X-Road REST under /r1/{service id}/…, as a security server: X-Road-Client
//     must be present once, parse, and name a known member (Server.Client,
//     AddMember, or an OAuth client's agency); X-Road-Client, X-Road-Service
//     and X-Road-Id (made when absent) are echoed; every answer carries
//     X-Road-Request-Hash as the wire package computes it; the security
//     server's own faults carry X-Road-Error (Client.BadRequest with 400;
//     Server.ServerProxy.AccessDenied and Server.ServerProxy.UnknownService
//     with 500) and a JSON {type, message, detail} body.
//   - The OAuth 2.0 gateway: POST /token (client credentials by HTTP Basic,
//     or in the form) and Bearer tokens on /cbccvc/v1/…; each client acts for
//     one agency. Tokens expire on the sandbox's clock.
//
// POST /goi-tin validates a packet with the SDK's packet.Validator and
// verifies its signature against its roots (signing.Verifier, at the
// sandbox's clock). A packet refused whole — unsigned, a signature that does
// not verify or is not the sender's, header findings, a kind other than
// HOSO and BIENDONG — is answered TU_CHOI, each record LOI with the packet's
// findings as ViPham. Otherwise it is processed: a record with an error is
// LOI and not stored; the others are stored (CANH_BAO with their warnings),
// a profile under its personal ID, the profile's identifier from format 2.0
// (Decree 27/2026/NĐ-CP); to a format 1.0 packet the answer also gives its
// national profile ID (identifier.NewProfileID from the sender's level-1
// code, or the one the person already has); a change event is applied with
// packet.Apply (a conflict is LOI, R-BD-003). The PHANHOI is of the packet's
// version. A pull of profiles names its purpose (muc-dich, ma-dong-y): the
// sandbox refuses a bad one (400), records it (Received.Purpose), and
// leaves the sensitive groups (packet.SensitiveMembers) out of the answer
// unless it is cadre work by the person's managing agency, saying so in
// the answer's headers (wire.HeaderWithheldMembers, the members, and
// wire.HeaderWithheldRecords, the profiles; Answer.Withheld on the
// client); with consent, any member agency may read one profile. The MaGoiTin is
// the idempotency key: the same packet again (its canonical content, so also
// re-signed) gets its current PHANHOI, other content under the same MaGoiTin
// 409.
//
// GET /doi-khop matches the caller's profiles against simulated population
// (DAN_CU) and social-insurance (BHXH) registries, a function of the seed
// and the personal ID: the same seed and profiles give the same results,
// with Matching's shares of KHONG_TIM_THAY and SAI_KHAC, whose ChenhLech
// hold realistic differences in the members each registry holds, and only
// those: for the population database the name (without diacritics), the
// birth date (off by days), the identity card (issued again) and the
// residence; for social insurance the birth date, the insurance number and
// the salary coefficient of the previous step; never a member of the
// sensitive groups. GET /ho-so and /ho-so/{SoDinhDanh} share the profiles the caller
// sent or manages, directly or from above; pages follow X-Next-Cursor.
// GET /danh-muc/{ten} serves codelist.Default(). Every packet answered is
// signed by the CSDLQG identity, in JSON or XML as Accept asks.
//
// # Faults, clock and inspection
//
// Fail queues faults per endpoint (by its wire name): a status (5xx, 429
// with Retry-After), latency, a connection dropped mid-answer, a corrupted
// signature, expired tokens, an X-Road error. SetNow and Advance set the
// clock. Received records every request with what a report on a client
// needs (times, endpoint, client, X-Road-Id, Idempotency-Key, a hash of
// the token, status, fault, cursors, the packet's outcome); Stats counts
// submissions so that nothing lost or processed twice goes unseen; Profiles
// shows what is stored. The same are served under /_sandbox/ (InspectPrefix):
// GET stats, received, profiles, report and clock, POST faults/{endpoint}
// with a Fault in JSON, POST clock {"advance": "1h"}, DELETE faults. They
// are not authenticated: never expose a sandbox.
//
// # The client report and scenarios
//
// Report (Server.Report, ReportOf on Received, GET /_sandbox/report, and
// `cbccvc sandbox --report FILE`) judges each client from what it sent, and
// says what it got right and wrong, with the evidence: whether it retried
// 502, 503, 504, 429 and dropped answers, with backoff and no earlier than
// Retry-After; kept the Idempotency-Key and the packet on retries; renewed
// an expired token; never sent an unsigned or invalid packet; followed
// every X-Next-Cursor. Each check passes, fails, or was not exercised.
//
// A scenario (Config.Scenario, `cbccvc sandbox --scenario`)
// makes the checks happen: a script of faults played on every client, each
// on its own, as its requests arrive — "flaky" (503, 503 then 429 with
// Retry-After on submissions, a dropped result poll, a 502 page),
// "token-expiry", "paging" (pages of 2 records) and "all"; Scenarios lists
// them. Under a scenario Server.Client keeps the SDK's default retry
// policy, and passes every check:
//
//	srv := ndxptest.NewServer(t, ndxptest.Config{Scenario: "all"})
//	runMyClient(srv.URL())
//	rep := srv.Report()
//	if !rep.Passed() {
//		var b strings.Builder
//		rep.WriteText(&b) // ✓, ✗ or – for each check of each client, and a verdict
//		t.Fatal(b.String())
//	}
//
// # Where it differs from the real service
//
// The official technical annex of Decision 356/QĐ-BNV is not public; the
// sandbox follows the SDK's reading of it (the wire package), so it agrees
// with the SDK by construction and is no proof of conformance to the
// national service. Beyond that:
//
//   - Processing is immediate and in the order packets are accepted: the
//     profiles are stored when a packet is accepted, and the TIEP_NHAN state
//     only delays when its result is shown (Config.ProcessAfterPolls,
//     Config.ProcessingTime; by default DA_XU_LY at the first poll).
//   - A packet refused whole (TU_CHOI) binds nothing: its MaGoiTin may be
//     sent again, e.g. properly signed, and is judged afresh.
//   - A change event for a person the sandbox holds no profile of is LOI
//     under R-BD-003; the real service may queue it. Changes may be made by
//     the agency that sent the profile or one above its managing unit;
//     a profile sent by another agency replaces the stored one (a transfer).
//   - The registries are simulated, the matching finds a person by personal ID only,
//     and its time (ThoiGianDoiKhop, and what tu selects) is when the
//     profile was stored or last changed.
//   - Cursors are the key of the last item sent, not opaque server state,
//     and never expire; page sizes count records (two matching results per
//     profile).
//   - No rate limit or quota; the limits are MaxPacketBytes, read only once
//     the caller is authenticated, the server's read timeouts and
//     MaxConcurrentPerClient requests in progress per IP address (then 429
//     with Retry-After); no revocation check, time-stamp or mutual TLS; X-Road access rights are
//     "any known member"; the security server's error codes and statuses are
//     those of the X-Road REST protocol as we read it.
//   - Everything lives in memory and is lost when it stops; tokens are random
//     strings, not JWTs.
package ndxptest
