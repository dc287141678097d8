package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

const generateUsage = `Usage: cbccvc generate --kind HOSO|BIENDONG --count N [--seed S] [--sender CODE]
                       [--format json|xml] [--defects NAME,...] [-o FILE]

Generates a realistic packet of format 2.0: Vietnamese names, consistent
personal IDs, codes from the code lists, coefficients from the salary tables.
The same seed gives the same packet. Profiles are written one at a time, so N may be large.
--defects injects mistakes on purpose, one rule each, into the first records
(` + "`cbccvc generate --defects list`" + ` names them).

Flags:
`

func runGenerate(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("generate", generateUsage)
	kindName := fs.String("kind", "HOSO", "packet kind: HOSO or BIENDONG")
	count := fs.Int("count", 10, "number of records")
	seed := fs.Uint64("seed", 1, "seed of the generator")
	sender := fs.String("sender", "000.00.00.H29", "agency code of the sender")
	formatName := fs.String("format", "json", "json or xml")
	defects := fs.String("defects", "", "comma-separated defects to inject, or 'list'")
	out := fs.String("o", "", "write to this file instead of standard output")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if *defects == "list" {
		for _, d := range packettest.Defects() {
			fmt.Fprintf(e.stdout, "%-20s %s\n", d, d.Rule())
		}
		return nil
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	kind := packet.Kind(*kindName)
	if kind != packet.KindProfiles && kind != packet.KindChanges {
		return fmt.Errorf("--kind must be HOSO or BIENDONG")
	}
	if *count < 0 {
		return fmt.Errorf("--count must not be negative")
	}
	format, err := packet.ParseFormat(*formatName)
	if err != nil || format == packet.FormatAuto {
		return fmt.Errorf("--format must be json or xml")
	}
	opt, err := generatorOptions(*seed, *sender, *defects)
	if err != nil {
		return err
	}
	return writeGenerated(ctx, e, packettest.New(opt), kind, format, *count, *out)
}

// generatorOptions reads the generator's flags: the seed, the sender's
// agency code and the defects to inject, by name.
func generatorOptions(seed uint64, sender, defects string) (packettest.Options, error) {
	code, err := identifier.ParseAgencyCode(sender)
	if err != nil {
		return packettest.Options{}, fmt.Errorf("--sender: %w", err)
	}
	opt := packettest.Options{Seed: seed, Sender: code}
	if defects == "" {
		return opt, nil
	}
	for name := range strings.SplitSeq(defects, ",") {
		d, ok := packettest.ParseDefect(strings.TrimSpace(name))
		if !ok {
			return opt, fmt.Errorf("unknown defect %q (see --defects list)", name)
		}
		opt.Defects = append(opt.Defects, d)
	}
	return opt, nil
}

// writeGenerated writes a packet of count records of kind made by g to
// out (standard output if ""), a record at a time, with a progress bar; a
// file is left as it was unless the whole packet is written.
func writeGenerated(ctx context.Context, e env, g *packettest.Generator, kind packet.Kind, format packet.Format, count int, out string) error {
	w, commit, abort, err := output(e, out)
	if err != nil {
		return err
	}
	progress := newProgress(e.stderr)
	enc := packet.NewEncoder(w, format, g.Header(kind, count))
	for i := range count {
		if i%1024 == 0 && ctx.Err() != nil {
			abort()
			return fmt.Errorf("%v", ctx.Err())
		}
		var rec packet.Record
		p := g.Profile()
		if kind == packet.KindChanges {
			c := g.Change(p)
			rec = &c
		} else {
			rec = &p
		}
		if err := enc.Encode(rec); err != nil {
			abort()
			return err
		}
		progress.records(i + 1)
	}
	progress.done()
	if err := enc.Close(nil); err != nil {
		abort()
		return err
	}
	return commit()
}
