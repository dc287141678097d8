package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cbccvc/cbccvc-go/packet"
)

const migrateUsage = `Usage: cbccvc migrate [--format json|xml] [-o OUT] [--keep-id] [--json] FILE

Turns a packet of format 1.0 into format 2.0 (Decree 27/2026/NĐ-CP), one
record at a time: PhienBan and the XML namespace change, the members 2.0
does not have (the national profile ID MaDinhDanhCBCCVC) are dropped and
listed on standard error, and no value is made up. FILE - reads standard
input; without -o the packet goes to standard output, in the format of FILE
unless --format names the other. The migrated packet gets a new MaGoiTin
(--keep-id keeps it, for a packet never sent: NDXP answers a MaGoiTin it has
seen with other content by a conflict). A signature is not carried over:
sign the migrated packet again (cbccvc sign). A signed JSON packet puts its
records before its header: it is read twice, so give it as a file, not on
standard input.

A packet of format 2.0 already, of an unknown version, or with a value that
does not fit the model or a schema error, is not migrated: exit 1, nothing
written. Exit 2 on a usage error or an unreadable file.

With --json (and -o) it prints the report on standard output:
  {"file","migrated","from","to","id","originalId","records",
   "dropped":[{"pointer","name","value"}],"omitted","signatureRemoved",
   "error","findings"}

Flags:
`

// maxDroppedShown is how many dropped values the text report lists.
const maxDroppedShown = 20

// droppedJSON is a dropped value in `cbccvc migrate --json`.
type droppedJSON struct {
	Pointer string          `json:"pointer"`
	Name    string          `json:"name"`
	Value   json.RawMessage `json:"value,omitempty"`
}

// migrateResult is what `cbccvc migrate --json` prints.
type migrateResult struct {
	File             string           `json:"file"`
	Migrated         bool             `json:"migrated"`
	From             string           `json:"from,omitempty"`
	To               string           `json:"to,omitempty"`
	ID               string           `json:"id,omitempty"`
	OriginalID       string           `json:"originalId,omitempty"`
	Records          int              `json:"records"`
	Dropped          []droppedJSON    `json:"dropped"`
	Omitted          int              `json:"omitted,omitempty"` // dropped values not listed
	SignatureRemoved bool             `json:"signatureRemoved"`
	Error            string           `json:"error,omitempty"`
	Findings         []packet.Finding `json:"findings,omitempty"` // why a packet was refused, when it has findings
}

func runMigrate(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("migrate", migrateUsage)
	formatName := fs.String("format", "", "format to write: json or xml (default: the input's)")
	out := fs.String("o", "", "write to this file instead of standard output")
	keepID := fs.Bool("keep-id", false, "keep the packet's MaGoiTin (only for a packet never sent)")
	asJSON := fs.Bool("json", false, "print the report as JSON on standard output (needs -o)")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	format, err := packet.ParseFormat(*formatName)
	if err != nil {
		return errors.New("--format must be json or xml")
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("give exactly one FILE (- for standard input)")
	}
	if *asJSON && (*out == "" || *out == "-") {
		return errors.New("--json prints the report on standard output, which holds the packet without -o: give -o FILE")
	}
	opts := []packet.MigrateOption{packet.MigrateFormat(format)}
	if *keepID {
		opts = append(opts, packet.MigrateKeepPacketID())
	}
	res, code := migrateFile(ctx, e, fs.Arg(0), *out, opts)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.Encode(res)
	}
	return exit(code)
}

// migrateFile migrates one file to out (standard output when empty),
// prints the report or the error on standard error, and returns the
// report for --json with the exit code.
func migrateFile(ctx context.Context, e env, name, out string, opts []packet.MigrateOption) (migrateResult, int) {
	res := migrateResult{File: name, Dropped: []droppedJSON{}}
	fail := func(err error, code int) (migrateResult, int) {
		printError(e.stderr, "migrate", err)
		res.Error = err.Error()
		var fs packet.Findings
		if errors.As(err, &fs) {
			res.Findings = fs
		}
		return res, code
	}
	in := e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fail(err, exitUsage)
		}
		defer f.Close()
		in = f
	}
	w, commit, abort, err := output(e, out)
	if err != nil {
		return fail(err, exitUsage)
	}
	rep, err := packet.Migrate(ctx, w, in, opts...)
	if err != nil {
		abort()
		var me *packet.MigrationError
		if errors.As(err, &me) {
			res, code := fail(err, exitInvalid)
			printFindings(e.stderr, me.Findings)
			return res, code
		}
		return fail(err, exitUsage)
	}
	if err := commit(); err != nil {
		return fail(err, exitUsage)
	}
	printMigration(e.stderr, rep)
	res.Migrated, res.From, res.To = true, rep.From, rep.To
	res.ID, res.OriginalID = rep.ID.String(), rep.OriginalID.String()
	res.Records, res.Omitted, res.SignatureRemoved = rep.Records, rep.Omitted, rep.Signed
	for _, d := range rep.Dropped {
		res.Dropped = append(res.Dropped, droppedJSON(d))
	}
	return res, exitOK
}

// printMigration prints the report on w: what was done, the values
// dropped (the first maxDroppedShown), and for a signed packet what to do.
func printMigration(w io.Writer, rep *packet.MigrationReport) {
	vi, en := rep.Messages()
	fmt.Fprintf(w, "cbccvc migrate: %s\ncbccvc migrate: %s\n", vi, en)
	for i, d := range rep.Dropped {
		if i == maxDroppedShown {
			break
		}
		fmt.Fprintf(w, "  bỏ / dropped  %s  %s\n", d.Pointer, d.Value)
	}
	if more := rep.DroppedCount() - min(len(rep.Dropped), maxDroppedShown); more > 0 {
		fmt.Fprintf(w, "  (còn %d giá trị đã bỏ không liệt kê ở đây / %d more not listed here; --json lists up to 10,000)\n", more, more)
	}
	if rep.Signed {
		fmt.Fprintln(w, "cbccvc migrate: Chữ ký số của gói tin gốc đã bị bỏ. Đề nghị ký số lại gói tin đã chuyển bằng lệnh cbccvc sign trước khi gửi.")
		fmt.Fprintln(w, "cbccvc migrate: the signature of the packet read was removed: sign the migrated packet again with cbccvc sign before sending it.")
	}
}

// printFindings lists the findings a refused packet has, after the error.
func printFindings(w io.Writer, fs packet.Findings) {
	for _, f := range fs {
		fmt.Fprintf(w, "  %-8s %-10s %s\n           %s\n           %s\n", f.Severity, f.Rule, f.Pointer, f.MessageVI, f.MessageEN)
	}
}
