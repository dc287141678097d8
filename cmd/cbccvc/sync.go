package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"path/filepath"
	"strings"

	"github.com/cbccvc/cbccvc-go/hrsync"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

const syncUsage = `Usage: cbccvc sync --db DSN --query SQL [--store DSN] [--journal-dir DIR] [--dry-run]
                   --base URL (--xroad-client VN/GOV/CODE/SUBSYSTEM | --client-id ID --client-secret-file F)
                   (--key FILE [--cert FILE] [--password-file F] | --pkcs11 MODULE --token LABEL --key-label LABEL [--pin-file F])

Keeps the national database in step with an HR database. It reads the
agency's people with one SQL query from --db (sqlite:PATH, or a
postgres:// URL): one row a person, whose first column is the HoSo as a
JSON document; a column named khoa names the row in reports, and a column
named quyet_dinh may give, as a JSON object, the decisions behind changes
the profile records without one (by SoQuyetDinh, or by LoaiBienDong, e.g.
{"NANG_LUONG": {"So": "…", "Ngay": "2026-11-20", "CoQuan": "…"}}). It
validates each profile, then sends the whole profile (HOSO) of each person
the national database does not hold yet, and the change events (BIENDONG)
of each changed one, typed by kind with their decisions (the rest as
CAP_NHAT), signed with the key flags of cbccvc sign, through the
transport flags of cbccvc send.

It remembers what the national database acknowledged in --store (default:
the SQLite file cbccvc-sync.db in --journal-dir, default the current
directory): a run stopped at any point, by a crash or a kill, is finished
by the next, sending nothing twice. --dry-run prints what would be sent
and sends nothing; it needs no key, and checks that each profile's
managing unit (MaDonViQuanLy) is the sending agency or under it when it
knows that agency: from the key's certificate, or from --xroad-client.

Exits 0 when every record was accepted (warnings included), 1 when some
were refused or some rows are not valid profiles (they are not sent), and
2 when the run could not finish: run it again.

Flags:
`

func runSync(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("sync", syncUsage)
	var t transportFlags
	t.register(fs)
	var k keyFlags
	k.register(fs)
	db := fs.String("db", "", "the HR database: sqlite:PATH or postgres://…")
	query := fs.String("query", "", "the SQL query of the profiles: first column the HoSo as JSON")
	store := fs.String("store", "", "where the state is kept: sqlite:PATH or postgres://… (default sqlite:DIR/cbccvc-sync.db)")
	dir := fs.String("journal-dir", ".", "directory of the uploads' journals and of the default store")
	maxRecords := fs.Int("max-records", 1000, "records per packet")
	dryRun := fs.Bool("dry-run", false, "print what would be sent; send nothing")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if *db == "" || *query == "" || fs.NArg() > 0 {
		return errors.New("give --db DSN and --query SQL, and no other argument")
	}
	if *store == "" {
		*store = "sqlite:" + filepath.Join(*dir, "cbccvc-sync.db")
	}
	src, err := hrsync.OpenDB(*db)
	if err != nil {
		return err
	}
	defer src.Close()
	st, err := hrsync.Open(ctx, *store)
	if err != nil {
		return err
	}
	defer st.Close()
	cfg := hrsync.Config{Store: st, JournalDir: *dir, Now: e.clock(),
		Upload: ndxp.UploaderConfig{MaxRecords: *maxRecords, Software: "cbccvc"}}

	var c *ndxp.Client
	var sender identifier.AgencyCode
	if !*dryRun || k.given() {
		if c, sender, err = signingClient(&t, &k); err != nil {
			return err
		}
		defer k.close()
	} else if sender, err = xroadAgency(t.xroadClient); err != nil {
		return err
	}
	cfg.Client = c
	eng, err := hrsync.New(cfg)
	if err != nil {
		return err
	}
	v, err := packet.NewValidator(packet.WithClock(e.clock()))
	if err != nil {
		return err
	}
	b := &packet.Builder{Sender: sender, Software: cfg.Upload.Software, Now: e.clock()}
	rows := validRows(ctx, v, b, hrsync.QueryRows(ctx, src, *query), e.stdout)

	if *dryRun {
		rep, err := eng.Plan(ctx, rows, func(it hrsync.Item) error { return printItem(e.stdout, it) })
		printSync(e.stdout, rep)
		return syncExit(e, rep, err)
	}
	bar := newProgress(e.stderr)
	cfg.Upload.Progress = bar.upload
	if eng, err = hrsync.New(cfg); err != nil {
		return err
	}
	rep, err := eng.Sync(ctx, rows)
	bar.done()
	printSync(e.stdout, rep)
	printChecks(e.stdout, "answers: ", t.verify.takeChecks())
	return syncExit(e, rep, err)
}

// signingClient makes the client of the national service, with the
// signer of k, and tells the sending agency: the client's, else the one
// the key's certificate names. Call k.close when done with it.
func signingClient(t *transportFlags, k *keyFlags) (*ndxp.Client, identifier.AgencyCode, error) {
	opts, err := t.options()
	if err != nil {
		return nil, identifier.AgencyCode{}, err
	}
	signer, err := k.signer()
	if err != nil {
		return nil, identifier.AgencyCode{}, err
	}
	c, err := ndxp.NewClient(t.base, append(opts, ndxp.WithSigner(signer))...)
	if err != nil {
		k.close()
		return nil, identifier.AgencyCode{}, err
	}
	sender := c.Agency()
	if codes := signing.AgencyCodes(signer.Certificate()); sender.IsZero() && len(codes) == 1 {
		sender = codes[0]
	}
	return c, sender, nil
}

// xroadAgency is the agency of the X-Road subsystem client names (the
// value of --xroad-client), which a dry run without a key sends for; zero
// for none.
func xroadAgency(client string) (identifier.AgencyCode, error) {
	if client == "" {
		return identifier.AgencyCode{}, nil
	}
	s, err := identifier.ParseSubsystem(client)
	if err != nil {
		return identifier.AgencyCode{}, fmt.Errorf("--xroad-client: %w", err)
	}
	a, _ := s.Member.Agency()
	return a, nil
}

// validRows passes on the rows whose profile validates as a HOSO record of
// the Builder's sender, and reports the others, with their findings, as
// row errors. A dry run may not know the sender: the profiles' managing
// units are then not judged.
func validRows(ctx context.Context, v *packet.Validator, b *packet.Builder, rows iter.Seq2[hrsync.Row, error], w io.Writer) iter.Seq2[hrsync.Row, error] {
	return func(yield func(hrsync.Row, error) bool) {
		for r, err := range rows {
			if err == nil {
				err = validate(ctx, v, b, r, w)
			}
			if !yield(r, err) {
				return
			}
		}
	}
}

// errInvalidRow reports a row whose profile has errors.
var errInvalidRow = errors.New("the profile is not valid")

// validate checks the row's profile as the one record of a HOSO packet,
// and keeps the errors in the record: the header is made here.
func validate(ctx context.Context, v *packet.Validator, b *packet.Builder, r hrsync.Row, w io.Writer) error {
	h, err := b.CheckingHeader(packet.KindProfiles, 1)
	if err != nil {
		return err
	}
	p := &packet.Packet{Header: h, Records: packet.Records{Profiles: []packet.Profile{r.Profile}}}
	rep, err := v.ValidatePacket(ctx, p)
	if err != nil {
		return err
	}
	var errs []packet.Finding
	for _, f := range rep.Findings {
		if _, ok := f.Record(); ok && f.Severity == packet.SeverityError {
			errs = append(errs, f)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	key := r.Key
	if key == "" {
		key = r.Profile.PersonalID.String()
	}
	fmt.Fprintf(w, "row %s: not sent, the profile has %d errors:\n", key, len(errs))
	for _, f := range errs {
		fmt.Fprintf(w, "  %-10s %s\n             %s\n", f.Rule, strings.TrimPrefix(f.Pointer, packet.RecordPointer(0, "")), f.MessageVI)
	}
	return &hrsync.Error{Err: hrsync.ErrRow, Row: key, Cause: errInvalidRow}
}

// printItem prints a record a dry run would send.
func printItem(w io.Writer, it hrsync.Item) error {
	if it.Kind == packet.KindProfiles {
		_, err := fmt.Fprintf(w, "HOSO      %s (row %s)\n", it.PersonalID, it.RowKey)
		return err
	}
	var ch packet.Change
	if err := json.Unmarshal(it.Record, &ch); err != nil {
		return err
	}
	fields := make([]string, len(ch.Fields))
	for i, f := range ch.Fields {
		fields[i] = f.Field
	}
	dec := ""
	if ch.Decision != nil {
		dec = ", " + ch.Decision.Number
	}
	_, err := fmt.Fprintf(w, "BIENDONG  %s (row %s): %s effective %s%s: %s\n", it.PersonalID, it.RowKey, ch.Kind, ch.Effective, dec, strings.Join(fields, " "))
	return err
}

// printSync prints a sync's report.
func printSync(w io.Writer, rep *hrsync.Report) {
	if rep == nil {
		return
	}
	if rep.Resumed {
		fmt.Fprintln(w, "an earlier run's batch was finished first")
	}
	fmt.Fprintf(w, "%d rows: %d new, %d changed (%d sent whole again), %d unchanged; %d change events\n",
		rep.Rows, rep.New, rep.Changed, rep.Resent, rep.Unchanged, rep.Events)
	if n := rep.Accepted + rep.Warned + rep.Refused; n > 0 {
		fmt.Fprintf(w, "%d records answered: %d accepted, %d accepted with warnings, %d refused\n", n, rep.Accepted, rep.Warned, rep.Refused)
	}
	for _, r := range rep.RefusedRecords {
		what := string(r.Kind)
		if r.ChangeKind != "" {
			what += " " + r.ChangeKind + " " + r.ChangeID.String()
		}
		fmt.Fprintf(w, "row %s (%s) refused, %s:\n", r.RowKey, r.PersonalID, what)
		for _, f := range r.Violations {
			fmt.Fprintf(w, "  %-8s %-10s %s\n           %s\n", f.Severity, f.Rule, f.Pointer, f.MessageVI)
		}
	}
	printSyncDue(w, "late change events ("+packet.RuleChangeLate+"): reported after their deadline", rep.Late)
	printSyncDue(w, "change events due today or on the next working day", rep.DueSoon)
	if len(rep.Untyped) > 0 {
		fmt.Fprintf(w, "changes sent as plain updates (CAP_NHAT): %d\n", len(rep.Untyped))
		for _, u := range rep.Untyped {
			why := ""
			if u.Kind != "" {
				why = " (" + u.Kind + " needs its decision: give it in column quyet_dinh)"
			}
			fmt.Fprintf(w, "  row %s: %s%s\n", u.RowKey, u.Field, why)
		}
	}
	if len(rep.Vanished) > 0 {
		fmt.Fprintf(w, "people the national database holds and the query no longer returns (nothing sent; end their service in the profile, ChamDut): %s\n",
			strings.Join(rep.Vanished, ", "))
	}
	if len(rep.Duplicates) > 0 {
		fmt.Fprintf(w, "rows of a personal ID an earlier row had (not sent): %s\n", strings.Join(rep.Duplicates, ", "))
	}
}

func printSyncDue(w io.Writer, title string, ds []hrsync.Due) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(w, "%s: %d\n", title, len(ds))
	for _, d := range ds {
		from := "NgayHieuLuc"
		if d.ByDecision {
			from = dueDateFrom
		}
		fmt.Fprintf(w, "  row %s (%s, %s): arose %s (%s), deadline %s\n", d.RowKey, d.ID, d.PersonalID, d.Arose, from, d.Due)
	}
}

// syncExit prints a run's error and returns the exit code.
func syncExit(e env, rep *hrsync.Report, err error) error {
	var rowErr *hrsync.Error
	switch {
	case err != nil && errors.As(err, &rowErr) && rowErr.Err == hrsync.ErrRow:
		return invalid(err)
	case err != nil:
		printError(e.stderr, "sync", err)
		fmt.Fprintf(e.stderr, "cbccvc sync: Chạy lại đúng lệnh này để hoàn tất: không có gì bị mất hay gửi hai lần.\ncbccvc sync: run the same command again to finish: nothing is lost or sent twice\n")
		return exit(exitUsage)
	case rep.Refused > 0:
		return exit(exitInvalid)
	}
	return nil
}
