package conformance

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/panics"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

// Outcome is what an implementation said about a vector.
type Outcome struct {
	// For KindValidate and KindApply.
	Valid bool
	Rules []string // the rule codes of the findings, each once, sorted
	// For KindVerify.
	Verified bool
	Rule     string // R-SIG-00x, when not verified
	Class    string // the finer failure, when the implementation says it
	// For KindMigrate: whether the packet was migrated, the JSON Pointers
	// of the values dropped, whether a signature was removed, and the
	// packet written.
	Migrated         bool
	Dropped          []string
	SignatureRemoved bool
	Packet           []byte
}

// AsExpected is the outcome in the manifest's form, for a vector of the
// kind: to show it beside the expected one.
func (o Outcome) AsExpected(kind string) Expected {
	if kind == KindMigrate {
		m := o.Migrated
		e := Expected{Migrated: &m}
		if m {
			e.Dropped, e.SignatureRemoved = o.Dropped, o.SignatureRemoved
		}
		return e
	}
	if kind == KindVerify {
		v := o.Verified
		return Expected{Verified: &v, Rule: o.Rule, Class: o.Class}
	}
	v := o.Valid
	return Expected{Valid: &v, Rules: o.Rules}
}

// Engine runs one kind of vector through an implementation.
type Engine interface {
	Run(ctx context.Context, k *Kit, v Vector) (Outcome, error)
}

// The classes of verification failure (docs/guide/en/08-errors.md#signatures-signing), with the rule
// each breaks. Their order is that of signing.Rule: an error that wraps
// more than one sentinel takes the first.
var classes = []struct {
	name string
	err  error
	rule string
}{
	{"wrapping", signing.ErrWrapping, packet.RuleSignatureWrapping},
	{"unsigned", signing.ErrUnsigned, packet.RuleSignatureMissing},
	{"signer-not-sender", signing.ErrSignerNotSender, packet.RuleSignatureSigner},
	{"untrusted", signing.ErrUntrusted, packet.RuleSignatureCertificate},
	{"expired", signing.ErrExpired, packet.RuleSignatureCertificate},
	{"weak-algorithm", signing.ErrWeakAlgorithm, packet.RuleSignatureCertificate},
	{"malformed", signing.ErrMalformed, packet.RuleSignatureInvalid},
	{"digest-mismatch", signing.ErrDigestMismatch, packet.RuleSignatureInvalid},
	{"bad-signature", signing.ErrBadSignature, packet.RuleSignatureInvalid},
}

// Classes returns the names of the failure classes a verify vector can
// expect, in order.
func Classes() []string {
	out := make([]string, len(classes))
	for i, c := range classes {
		out[i] = c.name
	}
	return out
}

// ClassRule returns the rule a failure class breaks, "" for an unknown class.
func ClassRule(class string) string {
	for _, c := range classes {
		if c.name == class {
			return c.rule
		}
	}
	return ""
}

// ClassOf returns the class of a verification error, "" when it wraps none
// of the signing package's sentinels.
func ClassOf(err error) string {
	for _, c := range classes {
		if errors.Is(err, c.err) {
			return c.name
		}
	}
	return ""
}

// classOfText recognises the SDK's messages in an error printed as text.
func classOfText(s string) string {
	for _, c := range classes {
		if strings.Contains(s, c.err.Error()) {
			return c.name
		}
	}
	return ""
}

// SDKValidator validates with a packet.Validator.
type SDKValidator struct{ V *packet.Validator }

// Run validates the vector's packet.
func (s SDKValidator) Run(ctx context.Context, k *Kit, v Vector) (Outcome, error) {
	f, err := k.FS.Open(v.File)
	if err != nil {
		return Outcome{}, err
	}
	defer f.Close()
	rep, err := s.V.Validate(ctx, f)
	if err != nil {
		return Outcome{}, err
	}
	return findingsOutcome(rep.Findings), nil
}

func findingsOutcome(fs []packet.Finding) Outcome {
	o := Outcome{Valid: true, Rules: []string{}}
	for _, f := range fs {
		o.Rules = append(o.Rules, f.Rule)
		if f.Severity == packet.SeverityError {
			o.Valid = false
		}
	}
	slices.Sort(o.Rules)
	o.Rules = slices.Compact(o.Rules)
	return o
}

// SDKApplier applies change events with packet.Apply.
type SDKApplier struct{}

// Run applies each change event of the vector's BIENDONG packet to the
// profile with its SoDinhDanh in the vector's HOSO packet. Findings point
// into the BIENDONG packet (/DuLieu/i/ThayDoi/j/…).
func (SDKApplier) Run(_ context.Context, k *Kit, v Vector) (Outcome, error) {
	profiles, err := decodeFile(k.FS, v.Profiles)
	if err != nil {
		return Outcome{}, err
	}
	changes, err := decodeFile(k.FS, v.File)
	if err != nil {
		return Outcome{}, err
	}
	byID := map[identifier.PersonalID]packet.Profile{}
	for _, p := range profiles.Records.Profiles {
		byID[p.PersonalID] = p
	}
	var all []packet.Finding
	for i, c := range changes.Records.Changes {
		p, ok := byID[c.PersonalID]
		if !ok {
			return Outcome{}, fmt.Errorf("%s: no profile of %s for change %s", v.Profiles, c.PersonalID, packet.RecordPointer(i, ""))
		}
		next, fs := packet.Apply(p, c)
		for _, f := range fs {
			f.Pointer = packet.RecordPointer(i, f.Pointer)
			all = append(all, f)
		}
		byID[c.PersonalID] = next
	}
	return findingsOutcome(all), nil
}

func decodeFile(fsys fs.FS, name string) (*packet.Packet, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, _, err := packet.Decode(f, packet.FormatAuto, packet.Limits{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}

// SDKMigrator migrates with packet.Migrate.
type SDKMigrator struct{}

// Run migrates the vector's packet. A refusal (a *packet.MigrationError)
// is an outcome, not an error.
func (SDKMigrator) Run(ctx context.Context, k *Kit, v Vector) (Outcome, error) {
	b, err := fs.ReadFile(k.FS, v.File)
	if err != nil {
		return Outcome{}, err
	}
	var out bytes.Buffer
	rep, err := packet.Migrate(ctx, &out, bytes.NewReader(b))
	var me *packet.MigrationError
	if errors.As(err, &me) {
		return Outcome{}, nil
	}
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Migrated: true, Dropped: []string{}, SignatureRemoved: rep.Signed, Packet: out.Bytes()}
	for _, d := range rep.Dropped {
		o.Dropped = append(o.Dropped, d.Pointer)
	}
	return o, nil
}

// samePacket reports what differs between the packet a migrate vector
// expects and the one got: both are read, given the same MaGoiTin (a
// migrated packet gets a new one) and compared in their RFC 8785 form, so
// that neither the member order nor the spelling of numbers counts, nor
// the form (JSON or XML) they were written in.
func samePacket(k *Kit, v Vector, got []byte) string {
	want, err := fs.ReadFile(k.FS, v.Migrated)
	if err != nil {
		return err.Error()
	}
	wc, err := comparable(want)
	if err != nil {
		return fmt.Sprintf("%s: %v", v.Migrated, err)
	}
	gc, err := comparable(got)
	if err != nil {
		return fmt.Sprintf("the packet written does not read: %v", err)
	}
	if !bytes.Equal(wc, gc) {
		return fmt.Sprintf("the packet written differs from %s:\n  want %s\n  got  %s", v.Migrated, clipBytes(wc), clipBytes(gc))
	}
	return ""
}

// comparable is the RFC 8785 form of a packet in either form, its
// MaGoiTin zeroed.
func comparable(doc []byte) ([]byte, error) {
	p, fs, err := packet.Decode(bytes.NewReader(doc), packet.FormatAuto, packet.Limits{})
	switch {
	case err != nil:
		return nil, err
	case fs != nil:
		return nil, fs // a value that did not bind: the forms cannot be compared
	}
	p.Header.ID = uuid.Nil
	var b bytes.Buffer
	if err := p.Encode(&b, packet.FormatJSON); err != nil {
		return nil, err
	}
	return signing.Canonical(b.Bytes())
}

// clipBytes shortens a long packet for a message.
func clipBytes(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}

// SDKVerifier verifies with a signing.Verifier.
type SDKVerifier struct{ V *signing.Verifier }

// NewSDKVerifier returns a verifier that trusts the kit's roots, with its
// intermediates, at the current time.
func NewSDKVerifier(k *Kit) (SDKVerifier, error) {
	roots, err := certPool(k.FS, k.Manifest.PKI.Roots)
	if err != nil {
		return SDKVerifier{}, err
	}
	inter, err := certPool(k.FS, k.Manifest.PKI.Intermediates)
	if err != nil {
		return SDKVerifier{}, err
	}
	return SDKVerifier{V: &signing.Verifier{Policy: signing.Policy{Roots: roots, Intermediates: inter}}}, nil
}

func certPool(fsys fs.FS, name string) (*x509.CertPool, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			break
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		pool.AddCert(c)
	}
	return pool, nil
}

// Run verifies the vector's packet.
func (s SDKVerifier) Run(ctx context.Context, k *Kit, v Vector) (Outcome, error) {
	b, err := fs.ReadFile(k.FS, v.File)
	if err != nil {
		return Outcome{}, err
	}
	if _, err := s.V.Verify(ctx, b); err != nil {
		class := ClassOf(err)
		if class == "" {
			return Outcome{}, err
		}
		return Outcome{Rule: ClassRule(class), Class: class}, nil
	}
	return Outcome{Verified: true}, nil
}

// Command runs an external program through sh -c. In Template, {} stands
// for the vector's packet, {profiles} for an apply vector's HOSO packet,
// {roots} and {intermediates} for the kit's PEM files, {out} for the file
// a migrate vector's packet is to be written to; each is replaced by the
// file's path, quoted for the shell. The program prints one JSON object:
// for validate and apply vectors the form of `cbccvc validate --json`
// ({"valid","findings":[{"MaLoi",…}]}); for verify vectors that of
// `cbccvc verify --json` ({"verified","error"}), to which it may add "rule"
// (R-SIG-00x) and "class"; for migrate vectors that of `cbccvc migrate
// --json` ({"migrated","dropped":[{"pointer",…}],"signatureRemoved"}).
// Its exit status does not count.
type Command struct {
	Template string
	Dir      string // working directory; empty for the current one
}

// Run runs the command for the vector, which must be in a kit on disk.
func (c Command) Run(ctx context.Context, k *Kit, v Vector) (Outcome, error) {
	if k.Dir == "" {
		return Outcome{}, errors.New("the kit is not on disk: extract it first")
	}
	file := func(name string) string { return shellQuote(filepath.Join(k.Dir, filepath.FromSlash(name))) }
	out := ""
	if v.Kind == KindMigrate {
		tmp, err := os.MkdirTemp("", "cbccvc-migrated-")
		if err != nil {
			return Outcome{}, err
		}
		defer os.RemoveAll(tmp)
		out = filepath.Join(tmp, path.Base(v.File))
	}
	r := strings.NewReplacer("{}", file(v.File), "{profiles}", file(v.Profiles),
		"{roots}", file(k.Manifest.PKI.Roots), "{intermediates}", file(k.Manifest.PKI.Intermediates), "{out}", shellQuote(out))
	cmd := exec.CommandContext(ctx, "sh", "-c", r.Replace(c.Template))
	cmd.Dir = c.Dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	line, ok := firstObject(stdout.Bytes())
	if !ok {
		msg := strings.TrimSpace(stderr.String())
		if runErr != nil {
			msg = runErr.Error() + ": " + msg
		}
		return Outcome{}, fmt.Errorf("no JSON object on standard output (%s)", strings.TrimSuffix(msg, ": "))
	}
	switch v.Kind {
	case KindVerify:
		return parseVerify(line)
	case KindMigrate:
		return parseMigrate(line, out)
	}
	return parseValidate(line)
}

// parseMigrate reads what a migrator printed, and the packet it wrote to
// out when it says it migrated.
func parseMigrate(line []byte, out string) (Outcome, error) {
	var r struct {
		Migrated *bool `json:"migrated"`
		Dropped  []struct {
			Pointer string `json:"pointer"`
		} `json:"dropped"`
		SignatureRemoved bool `json:"signatureRemoved"`
	}
	if err := json.Unmarshal(line, &r); err != nil {
		return Outcome{}, fmt.Errorf("output: %w", err)
	}
	if r.Migrated == nil {
		return Outcome{}, fmt.Errorf("output without \"migrated\": %s", line)
	}
	if !*r.Migrated {
		return Outcome{}, nil
	}
	o := Outcome{Migrated: true, Dropped: []string{}, SignatureRemoved: r.SignatureRemoved}
	for _, d := range r.Dropped {
		o.Dropped = append(o.Dropped, d.Pointer)
	}
	var err error
	if o.Packet, err = os.ReadFile(out); err != nil {
		return Outcome{}, fmt.Errorf("the migrated packet: %w", err)
	}
	return o, nil
}

// firstObject returns the first line of out that holds a JSON object.
func firstObject(out []byte) ([]byte, bool) {
	for line := range bytes.Lines(out) {
		line = bytes.TrimSpace(line)
		if len(line) > 0 && line[0] == '{' && json.Valid(line) {
			return line, true
		}
	}
	return nil, false
}

func parseValidate(line []byte) (Outcome, error) {
	var r struct {
		Valid    *bool `json:"valid"`
		Findings []struct {
			Rule string `json:"MaLoi"`
		} `json:"findings"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(line, &r); err != nil {
		return Outcome{}, fmt.Errorf("output: %w", err)
	}
	if r.Error != "" {
		return Outcome{}, fmt.Errorf("the program says: %s", r.Error)
	}
	if r.Valid == nil {
		return Outcome{}, fmt.Errorf("output without \"valid\": %s", line)
	}
	o := Outcome{Valid: *r.Valid, Rules: []string{}}
	for _, f := range r.Findings {
		o.Rules = append(o.Rules, f.Rule)
	}
	slices.Sort(o.Rules)
	o.Rules = slices.Compact(o.Rules)
	return o, nil
}

func parseVerify(line []byte) (Outcome, error) {
	var r struct {
		Verified *bool  `json:"verified"`
		Error    string `json:"error"`
		Rule     string `json:"rule"`
		Class    string `json:"class"`
	}
	if err := json.Unmarshal(line, &r); err != nil {
		return Outcome{}, fmt.Errorf("output: %w", err)
	}
	if r.Verified == nil {
		return Outcome{}, fmt.Errorf("output without \"verified\": %s", line)
	}
	o := Outcome{Verified: *r.Verified, Rule: r.Rule, Class: r.Class}
	if o.Verified {
		return o, nil
	}
	if o.Class == "" {
		o.Class = classOfText(r.Error)
	}
	if o.Rule == "" {
		o.Rule = ClassRule(o.Class)
	}
	return o, nil
}

// shellQuote quotes s for sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Status is how a vector fared.
type Status string

// The statuses.
const (
	Pass Status = "PASS"
	Fail Status = "FAIL"
	Skip Status = "SKIP" // no engine for its kind
)

// Result is the outcome of one vector.
type Result struct {
	Vector Vector
	Status Status
	Got    *Outcome // nil when the engine failed or the vector was skipped
	// Detail says what differs, or why the engine failed.
	Detail string
}

// Runner runs vectors. An Engine left nil skips the vectors of its kind.
type Runner struct {
	Validate, Apply, Verify, Migrate Engine
	Jobs                             int // vectors run at once; 0 means GOMAXPROCS
}

// SDK returns a runner that runs every vector through the SDK itself: a
// packet.Validator at the current time, packet.Apply, and a
// signing.Verifier trusting the kit's roots, and packet.Migrate.
func SDK(k *Kit) (*Runner, error) {
	v, err := packet.NewValidator()
	if err != nil {
		return nil, err
	}
	ver, err := NewSDKVerifier(k)
	if err != nil {
		return nil, err
	}
	return &Runner{Validate: SDKValidator{v}, Apply: SDKApplier{}, Verify: ver, Migrate: SDKMigrator{}}, nil
}

// Run runs the vectors of k that keep accepts (all when keep is nil) and
// returns their results in the manifest's order.
func (r *Runner) Run(ctx context.Context, k *Kit, keep func(Vector) bool) []Result {
	var vs []Vector
	for _, v := range k.Manifest.Vectors {
		if keep == nil || keep(v) {
			vs = append(vs, v)
		}
	}
	results := make([]Result, len(vs))
	jobs := r.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, max(len(vs), 1)) {
		wg.Go(func() {
			for i := range next {
				results[i] = r.one(ctx, k, vs[i])
			}
		})
	}
	for i := range vs {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

func (r *Runner) one(ctx context.Context, k *Kit, v Vector) Result {
	res := Result{Vector: v, Status: Skip}
	var e Engine
	switch v.Kind {
	case KindValidate:
		e = r.Validate
	case KindApply:
		e = r.Apply
	case KindVerify:
		e = r.Verify
	case KindMigrate:
		e = r.Migrate
	}
	if e == nil {
		res.Detail = "no " + v.Kind + " engine"
		return res
	}
	got, err := runEngine(ctx, e, k, v)
	if err != nil {
		res.Status, res.Detail = Fail, err.Error()
		return res
	}
	res.Got = &got
	res.Status = Pass
	d := compare(v, got)
	if d == "" && v.Kind == KindMigrate && got.Migrated {
		d = samePacket(k, v, got.Packet)
	}
	if d != "" {
		res.Status, res.Detail = Fail, d
	}
	return res
}

// ErrPanic reports a panic of an engine, which Run runs on goroutines of
// its own: the vector fails with it, and the other vectors run on.
var ErrPanic = errors.New("conformance: panic")

// runEngine runs one vector through e, with a panic as its error.
func runEngine(ctx context.Context, e Engine, k *Kit, v Vector) (got Outcome, err error) {
	defer panics.Recover(ErrPanic, &err)
	return e.Run(ctx, k, v)
}

// compare returns "" when got is the vector's expected outcome, and
// otherwise what differs.
func compare(v Vector, got Outcome) string {
	e := v.Expected
	mismatch := func() string {
		return fmt.Sprintf("expected %s, got %s", e, got.AsExpected(v.Kind))
	}
	if v.Kind == KindMigrate {
		switch {
		case *e.Migrated != got.Migrated, got.Migrated && e.SignatureRemoved != got.SignatureRemoved:
			return mismatch()
		case got.Migrated && !slices.Equal(e.Dropped, got.Dropped):
			return mismatch() + fmt.Sprintf(": dropped [%s], want [%s]", strings.Join(got.Dropped, " "), strings.Join(e.Dropped, " "))
		}
		return ""
	}
	if v.Kind == KindVerify {
		switch {
		case *e.Verified != got.Verified:
			return mismatch()
		case got.Verified:
			return ""
		case got.Rule == "":
			return mismatch() + ": the failure has no rule (print \"rule\")"
		case got.Rule != e.Rule:
			return mismatch()
		case got.Class != "" && e.Class != "" && got.Class != e.Class:
			return mismatch()
		}
		return ""
	}
	want := e.Rules
	if want == nil {
		want = []string{}
	}
	if *e.Valid != got.Valid || !slices.Equal(want, got.Rules) {
		var missing, extra []string
		for _, c := range want {
			if !slices.Contains(got.Rules, c) {
				missing = append(missing, c)
			}
		}
		for _, c := range got.Rules {
			if !slices.Contains(want, c) {
				extra = append(extra, c)
			}
		}
		d := mismatch()
		if len(missing) > 0 {
			d += "; missing " + strings.Join(missing, " ")
		}
		if len(extra) > 0 {
			d += "; unexpected " + strings.Join(extra, " ")
		}
		return d
	}
	return ""
}
