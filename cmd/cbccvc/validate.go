package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/packet"
)

const validateUsage = `Usage: cbccvc validate [--format auto|json|xml] [--json] FILE...

Validates packets: well-formedness, JSON Schema and every semantic rule, and
prints each finding with its rule code and the JSON Pointer of the value.
A packet of format 2.0 or 1.0 is checked under the rules and schemas of its
own version; a 1.0 packet also gets the warning R-HDR-006 (superseded on
1 July 2026 by Decree 27/2026/NĐ-CP). FILE - reads standard input. Exits 0 when no file has an error-level finding,
1 when some has, 2 when a file cannot be read or on a usage error.

With --json it prints one object per file:
  {"file","valid","findings":[{"MaLoi","MucDo","DuongDan","MoTa"}],"omitted"}
where omitted, when present, counts the findings over the validator's
limits (10,000 in all, 100 for one record) that are not listed.

Flags:
`

// validateResult is one line of `cbccvc validate --json`.
type validateResult struct {
	File     string           `json:"file"`
	Valid    bool             `json:"valid"`
	Findings []packet.Finding `json:"findings"`
	Omitted  int              `json:"omitted,omitempty"` // findings over the validator's limits, not listed
	Error    string           `json:"error,omitempty"`   // the file could not be read
	ErrorVI  string           `json:"errorVI,omitempty"` // the same, in Vietnamese, with what to do
}

func runValidate(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("validate", validateUsage)
	formatName := fs.String("format", "auto", "packet format: auto, json or xml")
	asJSON := fs.Bool("json", false, "print one JSON object per file")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	format, err := packet.ParseFormat(*formatName)
	if err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("no file given (use - for standard input)")
	}
	progress := newProgress(e.stderr)
	v, err := packet.NewValidator(packet.WithFormat(format), packet.WithProgress(progress.records))
	if err != nil {
		return err
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	code := exitOK
	for _, name := range fs.Args() {
		res := validateFile(ctx, v, e, name)
		progress.done()
		switch {
		case res.Error != "":
			code = exitUsage
		case !res.Valid && code == exitOK:
			code = exitInvalid
		}
		if *asJSON {
			if res.Findings == nil {
				res.Findings = []packet.Finding{}
			}
			enc.Encode(res)
			continue
		}
		printValidation(e.stdout, res)
	}
	return exit(code)
}

func validateFile(ctx context.Context, v *packet.Validator, e env, name string) validateResult {
	res := validateResult{File: name}
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			res.ErrorVI, res.Error = msg.Split(err)
			return res
		}
		defer f.Close()
		r = f
	}
	rep, err := v.Validate(ctx, r)
	if err != nil {
		res.ErrorVI, res.Error = msg.Split(err)
		return res
	}
	res.Valid = rep.Valid()
	res.Findings, res.Omitted = rep.Findings, rep.Omitted
	return res
}

func printValidation(w io.Writer, res validateResult) {
	switch {
	case res.Error != "":
		fmt.Fprintf(w, "%s: cannot read: %s\n%s: không đọc được: %s\n", res.File, res.Error, res.File, res.ErrorVI)
		return
	case res.Valid && len(res.Findings) == 0:
		fmt.Fprintf(w, "%s: valid / hợp lệ\n", res.File)
		return
	case res.Valid:
		n := len(res.Findings) + res.Omitted
		fmt.Fprintf(w, "%s: valid, %s / hợp lệ, có %d cảnh báo\n", res.File, plural(n, "warning"), n)
	default:
		n := len(res.Findings) + res.Omitted
		fmt.Fprintf(w, "%s: invalid, %s / không hợp lệ, có %d vi phạm\n", res.File, plural(n, "finding"), n)
	}
	for _, f := range res.Findings {
		fmt.Fprintf(w, "  %-8s %-10s %s\n           %s\n           %s\n", f.Severity, f.Rule, f.Pointer, f.MessageVI, f.MessageEN)
	}
	if res.Omitted > 0 {
		fmt.Fprintf(w, "  (%d more not listed / còn %d vi phạm khác không được liệt kê)\n", res.Omitted, res.Omitted)
	}
}

// plural writes n and noun, in the plural unless n is 1: "1 finding",
// "2 findings".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// progress reports long runs on a terminal: a line of records read,
// rewritten in place. On anything but a terminal it writes nothing.
type progress struct {
	w     io.Writer
	on    bool
	shown bool
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	if !ok {
		return &progress{}
	}
	st, err := f.Stat()
	return &progress{w: w, on: err == nil && st.Mode()&os.ModeCharDevice != 0}
}

func (p *progress) records(n int) {
	if p.on && n%10_000 == 0 && n > 0 {
		fmt.Fprintf(p.w, "\r%d records…", n)
		p.shown = true
	}
}

func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
