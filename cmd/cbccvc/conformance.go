package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"

	"github.com/cbccvc/cbccvc-go/conformance"
)

const conformanceUsage = `Usage: cbccvc conformance run [--validator CMD] [--applier CMD] [--verifier CMD]
                             [--migrator CMD] [--dir DIR] [--run REGEXP] [--json] [--jobs N]
       cbccvc conformance list [--dir DIR]
       cbccvc conformance extract --out DIR

The conformance kit: packets with their expected outcome, for every rule of
the catalogue, valid packets of every kind, signed packets good and bad, and
format 1.0 packets to migrate with the 2.0 packets expected.

run puts every vector to an implementation and prints PASS or FAIL per
vector, with what differs, then a summary. Exits 0 when every vector run
passes, 1 when one fails, 2 on a usage error. Without --validator,
--applier, --verifier or --migrator it runs the SDK itself. With any of them
it runs only the vectors of the kinds given, through sh -c, after replacing
in CMD:
  {}               the vector's packet
  {profiles}       an apply vector's HOSO packet of current profiles
  {roots}          the kit's trusted roots (PEM)
  {intermediates}  the kit's intermediate CAs (PEM)
  {out}            the file a migrate vector's packet is to be written to
each by its path, quoted for the shell. The command prints one JSON object:
  --validator, --applier  as cbccvc validate --json: {"valid","findings":[{"MaLoi",…}]}
  --verifier              as cbccvc verify --json: {"verified","error"}, plus
                          "rule" (R-SIG-00x) and optionally "class" on failure
  --migrator              as cbccvc migrate --json: {"migrated","dropped":[{"pointer"}],
                          "signatureRemoved"}; the packet written to {out} is
                          compared with the one expected, but for MaGoiTin
For example:
  cbccvc conformance run --validator 'cbccvc validate --json {}' \
      --verifier 'cbccvc verify --json --roots {roots} {}' \
      --migrator 'cbccvc migrate --json -o {out} {}'

list prints the vectors of the kit; extract unpacks the kit the command
carries into DIR, for other tools and for --dir.

Flags:
`

// conformanceCommands are the commands of another implementation that
// --validator, --applier, --verifier and --migrator name.
type conformanceCommands struct {
	validator, applier, verifier, migrator string
}

func runConformance(ctx context.Context, e env, args []string) error {
	fs := newFlagSet("conformance", conformanceUsage)
	var cmds conformanceCommands
	fs.StringVar(&cmds.validator, "validator", "", "command that validates a packet ({} is its path)")
	fs.StringVar(&cmds.applier, "applier", "", "command that applies change events ({} the BIENDONG packet, {profiles} the HOSO packet)")
	fs.StringVar(&cmds.verifier, "verifier", "", "command that verifies a signed packet ({} its path, {roots} the trusted roots)")
	fs.StringVar(&cmds.migrator, "migrator", "", "command that migrates a 1.0 packet ({} its path, {out} the file to write)")
	dir := fs.String("dir", "", "an unpacked kit (default: the kit this command carries)")
	only := fs.String("run", "", "run only the vectors whose id matches this regular expression")
	asJSON := fs.Bool("json", false, "print one JSON object per vector, then none for the summary")
	jobs := fs.Int("jobs", 0, "vectors run at once (default: the number of CPUs)")
	out := fs.String("out", "", "directory to extract the kit into (extract)")
	if len(args) == 0 {
		fs.SetOutput(e.stderr)
		fs.Usage()
		return exit(exitUsage)
	}
	sub := args[0]
	switch sub {
	case "-h", "-help", "--help", "help":
		fs.SetOutput(e.stdout)
		fs.Usage()
		return nil
	case "run", "list", "extract":
	default:
		return fmt.Errorf("unknown subcommand %q (want run, list or extract)", sub)
	}
	if err := parseFlags(fs, e, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s takes no arguments", sub)
	}
	if (*out != "") != (sub == "extract") {
		return fmt.Errorf("--out is for extract, and extract needs it")
	}
	kit, err := openKit(*dir)
	if err != nil {
		return err
	}
	switch sub {
	case "list":
		listKit(e.stdout, kit)
		return nil
	case "extract":
		if err := kit.Extract(*out); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s %s: %d vectors in %s\n", kit.Manifest.Name, kit.Manifest.Version, len(kit.Manifest.Vectors), *out)
		return nil
	}
	keep, err := vectorFilter(*only)
	if err != nil {
		return err
	}
	kit, runner, cleanup, err := cmds.runner(kit)
	defer cleanup() // never nil, and to call on an error too
	if err != nil {
		return err
	}
	runner.Jobs = *jobs
	results := runner.Run(ctx, kit, keep)
	if err := ctx.Err(); err != nil {
		return err
	}
	return reportConformance(e, kit, results, *asJSON)
}

// openKit opens the kit unpacked in dir, or the embedded one.
func openKit(dir string) (*conformance.Kit, error) {
	if dir != "" {
		return conformance.Open(dir)
	}
	return conformance.Embedded()
}

// listKit prints the kit's vectors.
func listKit(w io.Writer, kit *conformance.Kit) {
	m := kit.Manifest
	fmt.Fprintf(w, "%s %s, for packets of version %s, %d vectors\n", m.Name, m.Version, m.PacketVersion, len(m.Vectors))
	for _, v := range m.Vectors {
		fmt.Fprintf(w, "%-8s %-45s %-30s %s\n", v.Kind, v.ID, v.Expected, v.Description)
	}
}

// vectorFilter keeps the vectors whose ID matches --run; nil keeps all.
func vectorFilter(only string) (func(conformance.Vector) bool, error) {
	if only == "" {
		return nil, nil
	}
	re, err := regexp.Compile(only)
	if err != nil {
		return nil, fmt.Errorf("--run: %w", err)
	}
	return func(v conformance.Vector) bool { return re.MatchString(v.ID) }, nil
}

// runner returns the runner of the commands, or of the SDK when none is
// given. The commands read the kit's files, so an embedded kit is
// extracted to a temporary directory first, which cleanup removes (call it
// on an error too): the kit returned is the one to run.
func (c conformanceCommands) runner(kit *conformance.Kit) (_ *conformance.Kit, _ *conformance.Runner, cleanup func(), err error) {
	cleanup = func() {}
	if c == (conformanceCommands{}) {
		runner, err := conformance.SDK(kit)
		return kit, runner, cleanup, err
	}
	if kit.Dir == "" {
		tmp, err := os.MkdirTemp("", "cbccvc-conformance-")
		if err != nil {
			return nil, nil, cleanup, err
		}
		cleanup = func() { os.RemoveAll(tmp) }
		if err := kit.Extract(tmp); err != nil {
			return nil, nil, cleanup, err
		}
		if kit, err = conformance.Open(tmp); err != nil {
			return nil, nil, cleanup, err
		}
	}
	runner := &conformance.Runner{}
	for _, e := range []struct {
		tmpl string
		dst  *conformance.Engine
	}{{c.validator, &runner.Validate}, {c.applier, &runner.Apply}, {c.verifier, &runner.Verify}, {c.migrator, &runner.Migrate}} {
		if e.tmpl != "" {
			*e.dst = conformance.Command{Template: e.tmpl}
		}
	}
	return kit, runner, cleanup, nil
}

// conformanceResult is one line of `cbccvc conformance run --json`.
type conformanceResult struct {
	ID       string                `json:"id"`
	Kind     string                `json:"kind"`
	File     string                `json:"file"`
	Status   conformance.Status    `json:"status"`
	Expected conformance.Expected  `json:"expected"`
	Got      *conformance.Expected `json:"got,omitempty"`
	Detail   string                `json:"detail,omitempty"`
}

func reportConformance(e env, kit *conformance.Kit, results []conformance.Result, asJSON bool) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	count := map[conformance.Status]int{}
	skippedKinds := map[string]bool{}
	for _, r := range results {
		count[r.Status]++
		if asJSON {
			line := conformanceResult{ID: r.Vector.ID, Kind: r.Vector.Kind, File: r.Vector.File, Status: r.Status,
				Expected: r.Vector.Expected, Detail: r.Detail}
			if r.Got != nil {
				got := r.Got.AsExpected(r.Vector.Kind)
				line.Got = &got
			}
			enc.Encode(line)
			continue
		}
		switch r.Status {
		case conformance.Pass:
			fmt.Fprintf(e.stdout, "PASS  %s\n", r.Vector.ID)
		case conformance.Fail:
			fmt.Fprintf(e.stdout, "FAIL  %s: %s\n", r.Vector.ID, r.Detail)
		case conformance.Skip:
			skippedKinds[r.Vector.Kind] = true
		}
	}
	if !asJSON {
		m := kit.Manifest
		fmt.Fprintf(e.stdout, "%s %s: %d vectors, %d passed, %d failed", m.Name, m.Version, len(results), count[conformance.Pass], count[conformance.Fail])
		if n := count[conformance.Skip]; n > 0 {
			fmt.Fprintf(e.stdout, ", %d skipped (no command for kind", n)
			for _, k := range []string{conformance.KindValidate, conformance.KindApply, conformance.KindVerify, conformance.KindMigrate} {
				if skippedKinds[k] {
					fmt.Fprintf(e.stdout, " %s", k)
				}
			}
			fmt.Fprint(e.stdout, ")")
		}
		fmt.Fprintln(e.stdout)
	}
	switch {
	case count[conformance.Fail] > 0:
		return exit(exitInvalid)
	case count[conformance.Pass] == 0:
		return errors.New("no vector was run")
	}
	return nil
}
