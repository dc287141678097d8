package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cbccvc/cbccvc-go/hrsync"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/quality"
	"github.com/cbccvc/cbccvc-go/signing"
)

const reportUsage = `Usage: cbccvc report [--roots FILE [--intermediates FILE] [--profile tt15]]
                     [--format auto|json|xml] [-o report.html] FILE
       cbccvc report --store DSN [-o report.html]

Writes the data-quality report of a packet as one self-contained HTML file:
its findings by rule, by unit and by field, with charts, by person, the share
of its records that are clean, and its signature. The file needs no network
and no JavaScript; it is in Vietnamese, with English one click away. With
--roots the signature is verified against those trusted roots; without, a
signature is reported as not verified. FILE - reads standard input; without
-o the report goes to standard output. Exits 0 when the packet has no
error-level finding and no signature that failed, 1 when it has, 2 when it
cannot be read or on a usage error.

With --store, the report is of every profile the sync store DSN holds (as
cbccvc sync --store takes it: sqlite:PATH or a postgres:// URL), the
profiles the national database last acknowledged, checked at today's date
as the records of one HOSO packet; it has no signature.

Flags:
`

func runReport(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("report", reportUsage)
	formatName := fs.String("format", "auto", "packet format: auto, json or xml")
	out := fs.String("o", "", "write the report to this file instead of standard output")
	store := fs.String("store", "", "report on the profiles of this sync store (sqlite:PATH or postgres://…) instead of a packet")
	var vf verifyFlags
	vf.register(fs, "PEM file of trusted root certificates, to verify the signature (without it, the signature is not verified)")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if (*store == "") != (fs.NArg() == 1) || fs.NArg() > 1 {
		fs.Usage()
		return errors.New("give one FILE (- for standard input) or --store DSN")
	}
	if *store != "" && (vf.roots != "" || vf.intermediates != "" || vf.profile != "" || *formatName != "auto") {
		return fmt.Errorf("--store reports no signature and no packet format: --roots, --intermediates, --profile and --format are for a FILE")
	}
	c, err := reportChecker(e, *formatName, &vf)
	if err != nil {
		return err
	}
	var rep *quality.Report
	var source string
	if *store != "" {
		rep, source, err = checkStore(ctx, e, c, *store)
	} else {
		source = filepath.Base(fs.Arg(0))
		rep, err = checkFile(ctx, e, c, fs.Arg(0))
	}
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := quality.WriteHTML(&buf, rep, quality.HTMLOptions{Source: source}); err != nil {
		return err
	}
	if *out == "" {
		_, err = e.stdout.Write(buf.Bytes())
	} else {
		err = os.WriteFile(*out, buf.Bytes(), 0o644)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "cbccvc report: %d/%d records clean, %d errors, %d warnings", rep.Clean, rep.Checked, rep.Errors, rep.Warnings)
	if rep.Signature.Status != "" {
		fmt.Fprintf(e.stderr, ", signature %s", rep.Signature.Status)
	}
	fmt.Fprintln(e.stderr)
	if rep.Errors > 0 || rep.Signature.Status == quality.SignatureInvalid {
		return exit(exitInvalid)
	}
	return nil
}

// reportChecker builds the Checker of the command's flags, at the
// command's clock.
func reportChecker(e env, formatName string, vf *verifyFlags) (*quality.Checker, error) {
	format, err := packet.ParseFormat(formatName)
	if err != nil {
		return nil, err
	}
	v, err := packet.NewValidator(packet.WithFormat(format), packet.WithClock(e.clock()))
	if err != nil {
		return nil, err
	}
	c := &quality.Checker{Validator: v}
	if vf.roots == "" {
		if vf.intermediates != "" || vf.profile != "" {
			return nil, fmt.Errorf("--intermediates and --profile need --roots")
		}
		return c, nil // the signature is reported, not verified
	}
	pol, err := vf.policy(e.clock())
	if err != nil {
		return nil, err
	}
	c.Verifier = &signing.Verifier{Policy: pol}
	return c, nil
}

// checkFile reports on the packet in file name, or on standard input for -.
func checkFile(ctx context.Context, e env, c *quality.Checker, name string) (*quality.Report, error) {
	if name == "-" {
		data, err := io.ReadAll(e.stdin)
		if err != nil {
			return nil, err
		}
		return c.Check(ctx, bytes.NewReader(data), int64(len(data)))
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return c.Check(ctx, f, st.Size())
}

// checkStore reports on the profiles of the sync store dsn, which must
// exist, and names it for the report: a SQLite file by its name, PostgreSQL by the word alone,
// as its URL may hold a password.
func checkStore(ctx context.Context, e env, c *quality.Checker, dsn string) (*quality.Report, string, error) {
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		if _, err := os.Stat(path); err != nil {
			return nil, "", err // opening would make an empty store
		}
	}
	st, err := hrsync.Open(ctx, dsn)
	if err != nil {
		return nil, "", err
	}
	defer st.Close()
	source := "PostgreSQL"
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		source = filepath.Base(path)
	}
	rep, err := c.CheckStore(ctx, st, e.clock()())
	return rep, source, err
}
