package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

// transportFlags are the flags of the commands that call the national
// service: where it is, and how to reach it.
type transportFlags struct {
	base, xroadClient, clientID, secretFile string
	verify                                  verifyFlags // of the national database's signatures
}

func (t *transportFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&t.base, "base", "", "base URL: the agency's security server, or the OAuth gateway")
	fs.StringVar(&t.xroadClient, "xroad-client", "", "the caller's X-Road subsystem, e.g. VN/GOV/000.00.00.H29/QLCB")
	fs.StringVar(&t.clientID, "client-id", "", "OAuth client ID (gateway transport)")
	fs.StringVar(&t.secretFile, "client-secret-file", "", "file holding the OAuth client secret")
	t.verify.register(fs, "PEM file of the roots trusted for the national database's signatures (required)")
}

// options turns the flags into client options.
func (t *transportFlags) options() ([]ndxp.Option, error) {
	if t.base == "" {
		return nil, errors.New("--base is required")
	}
	var opts []ndxp.Option
	switch {
	case t.xroadClient == "" && t.clientID == "":
		return nil, errors.New("give --xroad-client (through a security server) or --client-id and --client-secret-file (through a gateway)")
	case t.clientID != "" && t.secretFile == "":
		return nil, errors.New("--client-id needs --client-secret-file")
	}
	if t.xroadClient != "" {
		s, err := identifier.ParseSubsystem(t.xroadClient)
		if err != nil {
			return nil, fmt.Errorf("--xroad-client: %w", err)
		}
		opts = append(opts, ndxp.WithXRoadClient(s))
	}
	if t.clientID != "" {
		secret, err := os.ReadFile(t.secretFile)
		if err != nil {
			return nil, err
		}
		opts = append(opts, ndxp.WithOAuth(t.clientID, strings.TrimSpace(string(secret))))
	}
	pol, err := t.verify.policy(nil)
	if err != nil {
		return nil, err
	}
	return append(opts, ndxp.WithVerifier(&signing.Verifier{Policy: pol})), nil
}

const sendUsage = `Usage: cbccvc send --base URL (--xroad-client VN/GOV/CODE/SUBSYSTEM | --client-id ID --client-secret-file F)
                   (--key FILE [--cert FILE] [--password-file F] | --pkcs11 MODULE --token LABEL --key-label LABEL [--pin-file F])
                   [--tsa URL] --roots FILE [--journal FILE] FILE...

Sends the records of the packets in FILE... (HOSO or BIENDONG, JSON or XML,
all of one kind) to the national database: it cuts them into packets of
its own, signs each with --key (PKCS #12, or a PEM key with --cert) or
with a key on a token (--pkcs11, as for cbccvc sign),
submits them, waits for the answers, and prints a summary with every
refused record. For change events (BIENDONG) the summary also lists those
reported after their deadline (Decree 27/2026/NĐ-CP: three working days
from the day a change arose; the service answers them with R-BD-004) and
those due today or on the next working day. With --journal, an interrupted
run resumes where it stopped when run again with the same files: nothing is
lost, nothing is sent twice.

Exits 0 when every record was accepted (warnings included), 1 when some
were refused, and 2 when the run could not finish (a usage error, an
unreadable or malformed input, a journal of another upload, the service
unreachable); with --journal, run it again to resume. A journal is used by
one run at a time: a second run on it exits 2 at once, naming the process
of the first.

Flags:
`

func runSend(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("send", sendUsage)
	var t transportFlags
	t.register(fs)
	var k keyFlags
	k.register(fs)
	journal := fs.String("journal", "", "journal file, to resume an interrupted run")
	maxRecords := fs.Int("max-records", 1000, "records per packet")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if !k.given() || fs.NArg() == 0 {
		return fmt.Errorf("give --key FILE and at least one packet FILE")
	}
	c, _, err := signingClient(&t, &k)
	if err != nil {
		return err
	}
	defer k.close()
	kind, err := firstKind(fs.Arg(0))
	if err != nil {
		return err
	}
	in := &recordFiles{names: fs.Args(), kind: kind}
	bar := newProgress(e.stderr)
	u := c.Uploader(ndxp.UploaderConfig{Kind: kind, MaxRecords: *maxRecords, Journal: *journal,
		Software: "cbccvc", Progress: bar.upload, Now: e.clock()})
	rep, err := u.Upload(ctx, in.records())
	bar.done()
	if in.err != nil {
		return in.err
	}
	if rep != nil {
		printUpload(e.stdout, rep)
	}
	printChecks(e.stdout, "answers: ", t.verify.takeChecks())
	if err != nil {
		printError(e.stderr, "send", err)
		var locked *ndxp.JournalLockedError
		switch {
		case errors.As(err, &locked):
			// Nothing was sent: the message says to wait for the other run.
		case errors.Is(err, ndxp.ErrJournalMismatch):
			// Running again would fail the same way: say what to change.
			fmt.Fprintf(e.stderr, "cbccvc send: Đề nghị ghi --journal là một tệp khác cho lần gửi mới, hoặc chạy lại với đúng các tệp như lần trước, theo đúng thứ tự, để tiếp tục.\n"+
				"cbccvc send: give another --journal path for a new upload, or resume with the same files in the same order\n")
		case *journal != "":
			fmt.Fprintf(e.stderr, "cbccvc send: Chạy lại đúng lệnh này để tiếp tục từ nhật ký %s.\ncbccvc send: run the same command again to resume from %s\n", *journal, *journal)
		}
		return exit(exitUsage)
	}
	if rep.Refused > 0 {
		return exit(exitInvalid)
	}
	return nil
}

// firstKind reads the kind of the first packet.
func firstKind(name string) (packet.Kind, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h, fs, err := packet.ReadHeader(f, packet.FormatAuto, packet.Limits{})
	if err == nil && fs != nil {
		err = fs // sending would lose the header's value that does not parse
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	if h.Kind != packet.KindProfiles && h.Kind != packet.KindChanges {
		return "", fmt.Errorf("%s: a %s packet; only HOSO and BIENDONG records are sent", name, h.Kind)
	}
	return h.Kind, nil
}

// recordFiles reads the records of packet files one after the other, and
// stops at the first that is malformed or holds a value that does not
// parse: sending it would lose that value. (The uploader refuses a record
// of another kind.)
type recordFiles struct {
	names []string
	kind  packet.Kind
	err   error
}

func (r *recordFiles) records() func(yield func(packet.Record) bool) {
	return func(yield func(packet.Record) bool) {
		for _, name := range r.names {
			if !r.file(name, yield) {
				return
			}
		}
	}
}

func (r *recordFiles) file(name string, yield func(packet.Record) bool) bool {
	f, err := os.Open(name)
	if err != nil {
		r.err = err
		return false
	}
	defer f.Close()
	d := packet.NewDecoder(f, packet.FormatAuto, packet.Limits{})
	for rec, err := range d.Records() {
		if err == nil && d.Findings() != nil {
			err = d.Findings() // a value that did not bind would not be sent
		}
		if err != nil {
			r.err = fmt.Errorf("%s: %w (run cbccvc validate %s)", name, err, name)
			return false
		}
		if !yield(rec) {
			return false
		}
	}
	if fs := d.Findings(); fs != nil {
		r.err = fmt.Errorf("%s: %w (run cbccvc validate %s)", name, fs, name)
		return false
	}
	return true
}

func printUpload(w io.Writer, rep *ndxp.UploadReport) {
	records := rep.Accepted + rep.Warned + rep.Refused
	fmt.Fprintf(w, "%d packets, %d records answered: %d accepted, %d accepted with warnings, %d refused",
		rep.Done, records, rep.Accepted, rep.Warned, rep.Refused)
	if rep.Resumed > 0 {
		fmt.Fprintf(w, " (%d packets answered in an earlier run)", rep.Resumed)
	}
	fmt.Fprintln(w)
	for _, p := range rep.Packets {
		if p.State == packet.StateRejected {
			fmt.Fprintf(w, "packet %s (records %d to %d) refused whole\n", p.ID, p.First, p.First+p.Count-1)
		}
	}
	for i, res := range rep.RefusedRecords() {
		fmt.Fprintf(w, "record %d (%s) refused:\n", i, res.Key)
		for _, f := range res.Violations {
			fmt.Fprintf(w, "  %-8s %-10s %s\n           %s\n", f.Severity, f.Rule, f.Pointer, f.MessageVI)
		}
	}
	printDeadlines(w, "late change events ("+packet.RuleChangeLate+"): reported after their deadline", rep.Late)
	printDeadlines(w, "change events due today or on the next working day", rep.DueSoon)
}

// printDeadlines lists change events with their deadlines.
func printDeadlines(w io.Writer, title string, ds []ndxp.DueChange) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(w, "%s: %d\n", title, len(ds))
	for _, d := range ds {
		from := "NgayHieuLuc"
		if d.ByDecision {
			from = dueDateFrom
		}
		computed := ""
		if !d.Official {
			computed = ", computed"
		}
		fmt.Fprintf(w, "  record %d (%s, %s): arose %s (%s), deadline %s%s\n",
			d.Index, d.ID, d.PersonalID, d.Arose, from, d.Due, computed)
	}
}

// upload draws an upload's progress on a terminal.
func (p *progress) upload(pr ndxp.Progress) {
	if !p.on {
		return
	}
	fmt.Fprintf(p.w, "\r%d records read, %d packets: %d sent, %d answered; %d accepted, %d refused\033[K",
		pr.Records, pr.Packets, pr.Sent, pr.Done, pr.Accepted+pr.Warned, pr.Refused)
	p.shown = true
}

const pullUsage = `Usage: cbccvc pull matched|profiles --base URL (--xroad-client VN/GOV/CODE/SUBSYSTEM | --client-id ID --client-secret-file F)
                   --roots FILE [--revocation off|soft|hard [--crl FILE]...] [--tsa-roots FILE]
                   [--since T] [--unit CODE] [--page-size N] -o DIR
       cbccvc pull profiles ... [--purpose CONG_TAC_CAN_BO|DONG_Y [--consent REF]] [--id PERSONALID]... -o DIR

Pulls from the national database the results of matching the agency's
profiles against the population and social-insurance databases (matched:
DOIKHOP packets), or the profiles it holds (profiles: CHIASE_HOSO
packets), verifies each packet's signature against --roots, and writes each
verified packet, as it arrived, to DIR/<MaGoiTin>.json (or .xml).
--revocation, --crl and --tsa-roots check the signatures as cbccvc verify
does, and what the revocation checks found is printed at the end.
--since takes a date (2026-11-01) or an RFC 3339 time.

A pull of profiles says why it is made (Decree 27/2026/NĐ-CP): --purpose
CONG_TAC_CAN_BO (cadre work within the agency's authority, the default), or
DONG_Y with --consent, the reference of the person's consent. --id pulls
the profiles of these personal IDs (12 digits; repeat the flag or separate
them with commas), one packet each, instead of the agency's list.

Exits 0 when every page was fetched and verified, 1 when a packet did not
verify (nothing unverified is written), 2 on a usage or network error.

Flags:
`

// pullFlags are the flags of cbccvc pull beside the transport's.
type pullFlags struct {
	since, unit, out, purpose, consent string
	pageSize                           int
	ids                                listFlag
}

func (p *pullFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.since, "since", "", "only what changed since this date or time")
	fs.StringVar(&p.unit, "unit", "", "profiles: only those of this unit and the units under it")
	fs.IntVar(&p.pageSize, "page-size", 0, "records per page, at most 1000 (default: the service's)")
	fs.StringVar(&p.out, "o", "", "directory to write the packets to")
	fs.StringVar(&p.purpose, "purpose", "CONG_TAC_CAN_BO", "profiles: why they are pulled, CONG_TAC_CAN_BO or DONG_Y")
	fs.StringVar(&p.consent, "consent", "", "profiles: with --purpose DONG_Y, the reference of the person's consent")
	fs.Var(&p.ids, "id", "profiles: pull the profile of this personal ID (repeatable, or comma-separated)")
}

func runPull(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("pull", pullUsage)
	var t transportFlags
	t.register(fs)
	var p pullFlags
	p.register(fs)
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (fs.Arg(0) != "matched" && fs.Arg(0) != "profiles") {
		return fmt.Errorf("say what to pull: matched or profiles")
	}
	q, err := p.query(fs)
	if err != nil {
		return err
	}
	opts, err := t.options()
	if err != nil {
		return err
	}
	c, err := ndxp.NewClient(t.base, opts...)
	if err != nil {
		return err
	}
	pages := q.pages(ctx, c)
	if err := os.MkdirAll(p.out, 0o755); err != nil {
		return err
	}
	defer func() { printChecks(e.stdout, "", t.verify.takeChecks()) }()
	return writePages(e, p.out, pages)
}

// pullQuery is what to pull, read from the flags.
type pullQuery struct {
	profiles bool // else matching results
	purpose  ndxp.Purpose
	ids      []identifier.PersonalID
	since    time.Time
	unit     identifier.AgencyCode
	pageSize int
}

// query reads what to pull from the flags, refusing those that do not go
// together.
func (p *pullFlags) query(fs *flag.FlagSet) (q pullQuery, err error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	q.profiles, q.pageSize = fs.Arg(0) == "profiles", p.pageSize
	switch {
	case !q.profiles && (set["purpose"] || set["consent"] || set["id"]):
		return q, fmt.Errorf("--purpose, --consent and --id are for pull profiles")
	case len(p.ids) > 0 && (set["unit"] || set["since"] || set["page-size"]):
		return q, fmt.Errorf("--id pulls profiles by personal ID: it takes no --unit, --since or --page-size")
	}
	if q.purpose, err = ndxp.ParsePurpose(p.purpose, p.consent); err != nil {
		return q, err
	}
	if q.ids, err = parsePersonalIDs(p.ids); err != nil {
		return q, fmt.Errorf("--id: %w", err)
	}
	if p.out == "" {
		return q, fmt.Errorf("give -o DIR")
	}
	if p.since != "" {
		if q.since, err = parseSince(p.since); err != nil {
			return q, fmt.Errorf("--since: %w", err)
		}
	}
	if p.unit != "" {
		if q.unit, err = identifier.ParseAgencyCode(p.unit); err != nil {
			return q, fmt.Errorf("--unit: %w", err)
		}
	}
	return q, nil
}

// pages returns the pages of the answers to the query.
func (q pullQuery) pages(ctx context.Context, c *ndxp.Client) iter.Seq2[*ndxp.Answer, error] {
	switch {
	case len(q.ids) > 0:
		return profilesByID(ctx, c, q.ids, q.purpose)
	case q.profiles:
		return c.Profiles(ctx, ndxp.ProfileQuery{Unit: q.unit, UpdatedSince: q.since, PageSize: q.pageSize, Purpose: q.purpose})
	}
	return c.Matches(ctx, ndxp.MatchQuery{Since: q.since, PageSize: q.pageSize})
}

// writePages writes each verified answer to dir, as it arrived. An answer
// that does not verify is input found invalid; any other error stops the
// run.
func writePages(e env, dir string, pages iter.Seq2[*ndxp.Answer, error]) error {
	n, records := 0, 0
	for a, err := range pages {
		if err != nil {
			if _, ok := errors.AsType[*ndxp.Error](err); !ok && signing.Rule(err) != "" {
				return invalid(err) // an answer that did not verify
			}
			return err
		}
		if err := writeAnswer(e, dir, a); err != nil {
			return err
		}
		n++
		records += a.Packet.Records.Len()
	}
	fmt.Fprintf(e.stdout, "%d packets, %d records, every signature verified\n", n, records)
	return nil
}

// profilesByID pulls the profile of each personal ID, one answer each.
func profilesByID(ctx context.Context, c *ndxp.Client, ids []identifier.PersonalID, p ndxp.Purpose) func(yield func(*ndxp.Answer, error) bool) {
	return func(yield func(*ndxp.Answer, error) bool) {
		for _, id := range ids {
			a, err := c.ProfileAnswer(ctx, id, p)
			if !yield(a, err) || err != nil {
				return
			}
		}
	}
}

// writeAnswer writes a verified packet, as it arrived, to dir/<MaGoiTin>.json
// (or .xml), and says so.
func writeAnswer(e env, dir string, a *ndxp.Answer) error {
	ext := ".json"
	if f, _ := packet.DetectFormat(a.Raw); f == packet.FormatXML {
		ext = ".xml"
	}
	name := filepath.Join(dir, a.Packet.Header.ID.String()+ext)
	w, commit, abort, err := output(e, name)
	if err != nil {
		return err
	}
	if _, err := w.Write(a.Raw); err != nil {
		abort()
		return err
	}
	if err := commit(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s, %d records, signed by %s (%s)\n", name, a.Packet.Header.Kind, a.Packet.Records.Len(), a.Signer.Subject.CommonName, a.Agency)
	return nil
}

// listFlag is the value of a flag that may be repeated.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// parsePersonalIDs reads the personal IDs of --id flags, each holding one
// or more separated by commas.
func parsePersonalIDs(vals []string) ([]identifier.PersonalID, error) {
	var ids []identifier.PersonalID
	for _, v := range vals {
		for part := range strings.SplitSeq(v, ",") {
			id, err := identifier.ParsePersonalID(strings.TrimSpace(part))
			if err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// parseSince reads a date or an RFC 3339 time; a date is midnight in Vietnam.
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.ParseInLocation(time.DateOnly, s, time.FixedZone("ICT", 7*3600))
}
