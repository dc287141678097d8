package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"

	"github.com/cbccvc/cbccvc-go/agent"
	"github.com/cbccvc/cbccvc-go/hrsync"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/signing"
)

// tokenEnv is the environment variable that may hold the agent's bearer
// token; a token is never given on the command line, where other users of
// the machine can read it.
const tokenEnv = "CBCCVC_AGENT_TOKEN"

const serveUsage = `Usage: cbccvc serve [--addr 127.0.0.1:8357] [--roots FILE [--revocation off|soft|hard [--crl FILE]...] [--tsa-roots FILE]]
                    [--key FILE [--cert FILE] [--password-file F] | --pkcs11 MODULE --token LABEL --key-label LABEL [--pin-file F]] [--tsa URL]
                    [--base URL (--xroad-client VN/GOV/CODE/SUBSYSTEM | --client-id ID --client-secret-file F)]
                    [--state DIR] [--sync-store DSN] [--tls-cert FILE --tls-key FILE --api-token-file FILE] [--log]

Runs the local agent until interrupted: the SDK's operations over HTTP, for
HR software written in any language. Its contract, an OpenAPI 3.1
document, is served at /openapi.json: validate, convert, migrate, sign
(with the key of --key or --pkcs11, which the agent holds, time-stamped by
--tsa), verify (against --roots, with the revocation checks of
--revocation, as cbccvc verify does), send jobs
(to --base, signed with that key, kept in --state so that a job interrupted by
a stop resumes at the next start), pulls (verified against --roots) and
the state and the data quality of the HR sync (its store, --sync-store sqlite:PATH or a
postgres:// URL).
What is not configured answers 503 not_configured; GET /v1/health says
what is. At / it serves a page for people: drop or paste a packet and read
its findings, its signature and its data quality.

It listens on 127.0.0.1 by default. Any other address needs --tls-cert
and --tls-key (HTTPS) and a bearer token, read from --api-token-file or from
the environment variable CBCCVC_AGENT_TOKEN, never from the command line;
every request must then carry "Authorization: Bearer <token>". A token may
be set on 127.0.0.1 too. Bodies are limited to --max-body bytes, send jobs
running at once to --max-jobs. The URL is printed at start.

Flags:
`

func runServe(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("serve", serveUsage)
	addr := fs.String("addr", agent.DefaultAddr, "address to listen on")
	tlsCert := fs.String("tls-cert", "", "PEM certificate chain of the agent's HTTPS")
	tlsKey := fs.String("tls-key", "", "PEM private key of the agent's HTTPS")
	tokenFile := fs.String("api-token-file", "", "file holding the bearer token (or set "+tokenEnv+")")
	state := fs.String("state", "", "directory of the send jobs (required to send)")
	syncStore := fs.String("sync-store", "", "the HR sync's store, whose state GET /v1/sync and data quality GET /v1/quality/sync answer: sqlite:PATH or a postgres:// URL")
	maxBody := fs.Int64("max-body", 64<<20, "largest request body, in bytes")
	maxJobs := fs.Int("max-jobs", 2, "send jobs running at once")
	maxRecords := fs.Int("max-records", 1000, "records per packet of a send job")
	logEvents := fs.Bool("log", false, "log the agent's events to stderr")
	var k keyFlags
	k.register(fs)
	var t transportFlags
	t.register(fs)
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("no arguments expected, got %q", fs.Args())
	}
	cfg := agent.Config{Addr: *addr, StateDir: *state, MaxBodyBytes: *maxBody, MaxJobs: *maxJobs, Now: e.clock()}
	cfg.Upload.MaxRecords = *maxRecords
	if *logEvents {
		cfg.Logger = slog.New(slog.NewTextHandler(e.stderr, nil))
	}
	if err := serveSecurity(&cfg, *tlsCert, *tlsKey, *tokenFile); err != nil {
		return err
	}
	defer k.close()
	if err := serveOperations(&cfg, &k, &t); err != nil {
		return err
	}
	if *syncStore != "" {
		store, err := hrsync.Open(ctx, *syncStore)
		if err != nil {
			return fmt.Errorf("--sync-store: %w", err)
		}
		defer store.Close()
		cfg.Sync = store
	}
	a, err := agent.New(ctx, cfg)
	if err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *addr)
	if err != nil {
		a.Close()
		return err
	}
	scheme := "http"
	if cfg.TLS != nil {
		scheme = "https"
	}
	url := scheme + "://" + ln.Addr().String()
	fmt.Fprintf(e.stdout, "url: %s\ncontract: %s/openapi.json\n", url, url)
	if err := a.Serve(ctx, ln); err != nil {
		return err
	}
	return nil
}

// serveSecurity reads the TLS key pair and the token.
func serveSecurity(cfg *agent.Config, certFile, keyFile, tokenFile string) error {
	switch {
	case (certFile == "") != (keyFile == ""):
		return errors.New("--tls-cert and --tls-key go together")
	case certFile != "":
		pair, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return fmt.Errorf("--tls-cert, --tls-key: %w", err)
		}
		cfg.TLS = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	}
	cfg.Token = os.Getenv(tokenEnv)
	if tokenFile != "" {
		b, err := os.ReadFile(tokenFile)
		if err != nil {
			return err
		}
		cfg.Token = strings.TrimSpace(string(b))
		if cfg.Token == "" {
			return fmt.Errorf("--api-token-file %s is empty", tokenFile)
		}
	}
	return nil
}

// serveOperations loads what the operations need: the key, the trust
// roots, and the client of the national service.
func serveOperations(cfg *agent.Config, k *keyFlags, t *transportFlags) error {
	if k.given() {
		s, err := k.signer(signing.WithClock(cfg.Now))
		if err != nil {
			return err
		}
		cfg.Signer = s
	}
	if t.verify.roots != "" {
		pol, err := t.verify.policy(cfg.Now)
		if err != nil {
			return err
		}
		cfg.Verifier = &signing.Verifier{Policy: pol}
	}
	if t.base == "" {
		return nil
	}
	opts, err := t.options()
	if err != nil {
		return err
	}
	if cfg.Signer != nil {
		opts = append(opts, ndxp.WithSigner(cfg.Signer))
	}
	cfg.Client, err = ndxp.NewClient(t.base, opts...)
	return err
}
