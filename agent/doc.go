// Package agent is the local agent: the SDK's operations over HTTP, for
// the HR software of any language — C#, Java, PHP — that calls it on the
// same machine (cbccvc serve runs it).
//
// The agent validates, converts (JSON ↔ XML) and migrates (1.0 → 2.0)
// packets; signs them with the key it holds and verifies signatures
// against its trust roots; sends records to the national database as
// jobs, whose progress and report are polled, with the uploader's journal
// underneath so that a job interrupted by a stop of the agent resumes when
// it starts again; pulls matching results and profiles, verified; and
// says the state of the HR sync (hrsync) from its store. Its
// contract is an OpenAPI 3.1 document, OpenAPI, served at
// GET /openapi.json:
//
//	POST /v1/validate    the findings of a packet
//	POST /v1/convert     a packet in the other format (?to=json|xml)
//	POST /v1/migrate     a 1.0 packet in format 2.0, with the report
//	POST /v1/sign        the packet signed with the agent's key
//	POST /v1/verify      the verdict on a signed packet
//	POST /v1/send        a send job (202, Location /v1/jobs/{id})
//	GET  /v1/jobs/{id}   a job's state, progress and report
//	GET  /v1/jobs        every job
//	POST /v1/pull        matching results or profiles, verified
//	GET  /v1/sync        the state of the HR sync's store (hrsync)
//	GET  /v1/quality/sync the data quality of the profiles in that store
//	GET  /v1/health      what the agent can do as configured
//	POST /v1/quality     the data-quality report of a packet (package quality)
//	GET  /               the page for people, on which a packet is dropped
//	                     and its findings read (package quality)
//
// Every error has one shape, ErrorBody: a Code, the message in English and
// in Vietnamese, and the findings of a packet refused.
//
// # Security and limits
//
// The agent listens on 127.0.0.1 by default; New refuses any other
// address without both TLS and a bearer token (ErrExposed). The token is
// checked before any byte of a body is read; a body is read no further
// than Config.MaxBodyBytes (413), and one declared larger is not read at
// all. The server has read, write and idle timeouts; the requests in
// progress and the send jobs running are capped (429 with Retry-After).
// A panic in a handler answers 500, in the one error shape.
//
// # Use
//
//	a, err := agent.New(ctx, agent.Config{Signer: signer, Verifier: verifier, Client: client, StateDir: dir})
//	if err != nil { … }
//	err = a.ListenAndServe(ctx) // until ctx is done; or mount a.Handler() in a server of yours
//
// # Mounting a handler
//
// Another handler — a web page served by the agent — is mounted on the
// agent's mux in one line, behind the same token, limits and recovery:
//
//	a.Handle("/", page) // any http.ServeMux pattern the API does not use
//
// The API's paths are /openapi.json and those under /v1/; the page of
// package quality is at / and /assets/.
package agent
