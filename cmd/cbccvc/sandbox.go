package main

import (
	"cmp"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/ndxptest"
	"github.com/cbccvc/cbccvc-go/signing"
	"github.com/cbccvc/cbccvc-go/signing/signingtest"
)

const sandboxUsage = `Usage: cbccvc sandbox [--addr 127.0.0.1:8356] [--pki DIR] [--client ID:SECRET:AGENCYCODE]...
                      [--seed N] [--base-path /P] [--token-lifetime D] [--polls N] [--processing-time D] [--log]
                      [--scenario NAME|list] [--report FILE]

Runs a sandbox of the national CBCCVC service until interrupted: both
transports at once — X-Road REST under /r1/{service id}/ and the OAuth
gateway under /token and /cbccvc/v1/ — in memory, with the checks, answers
and signatures of the real service as the SDK reads them, a simulated
population and social-insurance registry for /doi-khop, and an inspection
API under /_sandbox/ (GET stats, received, profiles, report; POST
faults/{endpoint}, clock; DELETE faults). Never expose it: the inspection
API is open.

--pki is a directory made by 'cbccvc testpki': the sandbox trusts its
root.pem for agencies' signatures and signs its answers with csdlqg.p12 (or
csdlqg.key.pem and csdlqg.cert.pem). Without it, a throw-away PKI with a
certificate for each client's agency is made in a temporary directory,
printed at start and removed at exit.

Each --client defines an OAuth client of the gateway and registers its agency
as a known X-Road member (VN/GOV/AGENCYCODE/*); without one, the client
sandbox:sandbox-secret:000.00.00.H29 is defined. The base URL and the
credentials are printed at start, the final stats at exit.

--scenario plays a script of faults on every client, each on its own, as
its requests arrive ('--scenario list' lists them):
%s
The sandbox judges each client from what it sent: whether it retried 502,
503, 504, 429 and dropped answers with backoff, honoured Retry-After,
reused the Idempotency-Key on retries, renewed expired tokens, never sent
an unsigned or invalid packet, and fetched every page. The report is served
live at GET {url}/_sandbox/report (?format=text for text) and, with
--report FILE, written when the sandbox stops: JSON if FILE ends in .json,
text otherwise.

Flags:
`

// clientFlags collects repeated --client flags.
type clientFlags []ndxptest.ClientCred

func (c *clientFlags) String() string { return fmt.Sprint(*c) }
func (c *clientFlags) Set(s string) error {
	cl, err := ndxptest.ParseClientCred(s)
	if err != nil {
		return err
	}
	*c = append(*c, cl)
	return nil
}

// sandboxFlags are the flags of cbccvc sandbox.
type sandboxFlags struct {
	addr, pkiDir, basePath, scenario, reportFile string
	seed                                         uint64
	tokenLife, procTime                          time.Duration
	polls                                        int
	logReqs                                      bool
	clients                                      clientFlags
}

func (f *sandboxFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8356", "address to listen on")
	fs.StringVar(&f.pkiDir, "pki", "", "directory made by 'cbccvc testpki' (default: a throw-away PKI)")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the simulated population and social-insurance registries")
	fs.StringVar(&f.basePath, "base-path", "", "path to serve the sandbox under, e.g. /ndxp")
	fs.DurationVar(&f.tokenLife, "token-lifetime", time.Hour, "lifetime of the gateway's access tokens")
	fs.IntVar(&f.polls, "polls", 1, "polls of GET /goi-tin/{id} before a packet shows DA_XU_LY")
	fs.DurationVar(&f.procTime, "processing-time", 0, "time a packet stays TIEP_NHAN after it was received")
	fs.BoolVar(&f.logReqs, "log", false, "log every request to stderr")
	fs.StringVar(&f.scenario, "scenario", "", "scripted faults to play on every client; 'list' lists them")
	fs.StringVar(&f.reportFile, "report", "", "write the client report to FILE when stopped (JSON if FILE ends in .json, else text)")
	fs.Var(&f.clients, "client", "OAuth client ID:SECRET:AGENCYCODE (repeatable)")
}

func runSandbox(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("sandbox", fmt.Sprintf(sandboxUsage, scenarioList("  ")))
	var f sandboxFlags
	f.register(fs)
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("no arguments expected, got %q", fs.Args())
	}
	if f.scenario == "list" {
		fmt.Fprint(e.stdout, scenarioList(""))
		return nil
	}
	desc, err := scenarioDescription(f.scenario)
	if err != nil {
		return err
	}
	report, err := createReport(f.reportFile)
	if err != nil {
		return err
	}
	defer report.discard()
	if len(f.clients) == 0 {
		f.clients = clientFlags{{ID: "sandbox", Secret: "sandbox-secret", Agency: identifier.MustParseAgencyCode("000.00.00.H29")}}
	}
	pki, err := openSandboxPKI(e, f.pkiDir, f.clients)
	if err != nil {
		return err
	}
	defer pki.cleanup()
	sb, err := ndxptest.New(f.config(e, pki))
	if err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", f.addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String() + sb.BasePath()
	printSandbox(e.stdout, base, f, pki, desc)
	if err := serveUntilDone(ctx, e, sb.HTTPServer(), ln); err != nil {
		return err
	}
	b, _ := json.Marshal(sb.Stats())
	fmt.Fprintf(e.stdout, "stopped; stats: %s\n", b)
	return report.write(e.stdout, sb.Report())
}

// scenarioDescription returns the description of the scenario name; ""
// for none.
func scenarioDescription(name string) (string, error) {
	if name == "" {
		return "", nil
	}
	for _, sc := range ndxptest.Scenarios() {
		if sc.Name == name {
			return sc.Description, nil
		}
	}
	return "", fmt.Errorf("unknown scenario %q; the scenarios are:\n%s", name, strings.TrimSuffix(scenarioList("  "), "\n"))
}

// sandboxPKI is the PKI a sandbox runs with: the directory of --pki, or a
// throw-away one.
type sandboxPKI struct {
	dir       string
	temporary bool // made for this run, removed by cleanup
	roots     *x509.CertPool
	inters    *x509.CertPool
	signer    *signing.Signer
}

// openSandboxPKI loads the PKI of dir or, when dir is empty, makes a
// throw-away one with a certificate for each client's agency.
func openSandboxPKI(e env, dir string, clients clientFlags) (*sandboxPKI, error) {
	p := &sandboxPKI{dir: dir}
	if dir == "" {
		d, err := os.MkdirTemp("", "cbccvc-sandbox-pki-")
		if err != nil {
			return nil, err
		}
		p.dir, p.temporary = d, true
		var codes []identifier.AgencyCode
		for _, c := range clients {
			codes = append(codes, c.Agency)
		}
		if err := writeTestPKI(io.Discard, d, e.clock()(), codes, signingtest.RSA2048); err != nil {
			p.cleanup()
			return nil, fmt.Errorf("a throw-away PKI: %w", err)
		}
	}
	var err error
	if p.roots, p.inters, p.signer, err = loadSandboxPKI(p.dir); err != nil {
		p.cleanup()
		return nil, fmt.Errorf("--pki %s: %w", p.dir, err)
	}
	return p, nil
}

// cleanup removes a throw-away PKI.
func (p *sandboxPKI) cleanup() {
	if p.temporary {
		os.RemoveAll(p.dir)
	}
}

// config is the sandbox's configuration.
func (f *sandboxFlags) config(e env, pki *sandboxPKI) ndxptest.Config {
	cfg := ndxptest.Config{
		// An empty --base-path is the root, where the sandbox's default is
		// DefaultBasePath.
		Roots: pki.roots, Intermediates: pki.inters, Signer: pki.signer, BasePath: cmp.Or(f.basePath, "/"),
		Clients: f.clients, Seed: f.seed, TokenLifetime: f.tokenLife, ProcessAfterPolls: f.polls,
		ProcessingTime: f.procTime, Scenario: f.scenario,
	}
	if f.logReqs {
		cfg.Logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return cfg
}

// printSandbox prints what a client of the sandbox at base needs.
func printSandbox(w io.Writer, base string, f sandboxFlags, pki *sandboxPKI, desc string) {
	svc := identifier.NationalService()
	fmt.Fprintf(w, "url: %s\n", base)
	fmt.Fprintf(w, "send, pull: --base %s  (the client adds %s… and %s itself: never pass the URLs below as --base)\n",
		base, ndxptest.XRoadPrefix, ndxptest.GatewayPrefix)
	fmt.Fprintf(w, "x-road: %s%s%s/  (X-Road-Client: VN/GOV/<agency code>/<subsystem>)\n", base, ndxptest.XRoadPrefix, svc)
	fmt.Fprintf(w, "gateway: %s%s  %s%s/\n", base, ndxptest.TokenPath, base, ndxptest.GatewayPrefix)
	for _, c := range f.clients {
		fmt.Fprintf(w, "client: id=%s secret=%s agency=%s x-road-client=%s\n", c.ID, c.Secret, c.Agency.Canonical(), ndxptest.XRoadClient(c.Agency))
	}
	note := ""
	if pki.temporary {
		note = " (throw-away, removed at exit)"
	}
	fmt.Fprintf(w, "pki: %s%s: agencies' signatures must chain to root.pem; answers are signed by csdlqg (%s)\n", pki.dir, note, svc.Subsystem.Member.Code)
	if f.scenario != "" {
		fmt.Fprintf(w, "scenario: %s: %s\n", f.scenario, desc)
	}
	fmt.Fprintf(w, "report: %s%s/report\n", base, ndxptest.InspectPrefix)
	fmt.Fprintf(w, "stats: %s%s/stats\n", base, ndxptest.InspectPrefix)
}

// serveUntilDone serves on ln until ctx is done, then shuts the server
// down; an error is one that stopped it before.
func serveUntilDone(ctx context.Context, e env, srv *http.Server, ln net.Listener) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
	case err := <-served:
		return err
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		fmt.Fprintf(e.stderr, "cbccvc sandbox: shutting down: %v\n", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		printError(e.stderr, "sandbox", err)
	}
	return nil
}

// reportFile is the file of --report: made at start, so that a path that
// cannot be written fails then, and removed if the sandbox does not get to
// write it.
type reportFile struct {
	f       *os.File // nil without --report
	written bool
}

func createReport(name string) (*reportFile, error) {
	if name == "" {
		return &reportFile{}, nil
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, fmt.Errorf("--report: %w", err)
	}
	return &reportFile{f: f}, nil
}

// discard removes the file unless the report was written.
func (r *reportFile) discard() {
	if r.f != nil && !r.written {
		r.f.Close()
		os.Remove(r.f.Name())
	}
}

// write writes rep to the file, and its verdict to w.
func (r *reportFile) write(w io.Writer, rep ndxptest.Report) error {
	if r.f == nil {
		return nil
	}
	if err := writeReport(r.f, rep); err != nil {
		return fmt.Errorf("--report: %w", err)
	}
	r.written = true
	verdict := "PASS"
	switch {
	case len(rep.Clients) == 0:
		verdict = "no client"
	case !rep.Passed():
		verdict = "FAIL"
	}
	fmt.Fprintf(w, "report: %s: %s (%d client(s))\n", r.f.Name(), verdict, len(rep.Clients))
	return nil
}

// scenarioList lists the sandbox's scenarios, one a line.
func scenarioList(indent string) string {
	var b strings.Builder
	for _, sc := range ndxptest.Scenarios() {
		fmt.Fprintf(&b, "%s%-13s %s\n", indent, sc.Name, sc.Description)
	}
	return b.String()
}

// writeReport writes the report to f: JSON if its name ends in .json,
// text otherwise.
func writeReport(f *os.File, rep ndxptest.Report) error {
	if strings.EqualFold(filepath.Ext(f.Name()), ".json") {
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else if err := rep.WriteText(f); err != nil {
		return err
	}
	return f.Close()
}

// loadSandboxPKI reads a directory made by 'cbccvc testpki': the roots, the
// intermediate if present, and the national database's signer.
func loadSandboxPKI(dir string) (roots, inters *x509.CertPool, signer *signing.Signer, err error) {
	if roots, err = readPool(filepath.Join(dir, "root.pem")); err != nil {
		return nil, nil, nil, err
	}
	inters, err = readPool(filepath.Join(dir, "intermediate.pem"))
	if errors.Is(err, fs.ErrNotExist) {
		inters, err = nil, nil // a PKI without an intermediate
	}
	if err != nil {
		return nil, nil, nil, err
	}
	files := signing.KeyFiles{Key: filepath.Join(dir, "csdlqg.p12"), PasswordFile: filepath.Join(dir, "csdlqg.pass")}
	if _, statErr := os.Stat(files.Key); statErr != nil {
		files = signing.KeyFiles{Key: filepath.Join(dir, "csdlqg.key.pem"), Cert: filepath.Join(dir, "csdlqg.cert.pem")}
	}
	signer, err = signing.LoadKeyFiles(files)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("the national database's key (csdlqg): %w", err)
	}
	return roots, inters, signer, nil
}
