package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/packet/packettest"
)

// migratedID is the MaGoiTin of the kit's migrated packets; the runner
// does not compare it, as a migration gives a packet a new one.
var migratedID = uuid.MustParse("0195f3a2-7c00-7356-8356-000000000356")

// migrateCase is one migrate vector: a packet, signed or not, that
// migrates or is refused.
type migrateCase struct {
	id, desc string
	p        *packet.Packet
	sign     func(*signers) *kitSigner // who signs the input; nil: unsigned
	refused  bool
}

func migrateCases() []migrateCase {
	gen := packettest.New(packettest.Options{Seed: seed, Version: "1.0"})
	var cs []migrateCase
	for _, k := range packet.Kinds() {
		cs = append(cs, migrateCase{id: string(k), p: gen.Packet(k, 3),
			desc: fmt.Sprintf("a format 1.0 %s packet of three records, to migrate to format %s", k, packet.Version)})
	}
	shared := gen.Packet(packet.KindSharedProfiles, 2)
	ids := shared.Records.Profiles
	idItem := packet.FieldChange{Field: "/MaDinhDanhCBCCVC",
		OldValue: json.RawMessage(fmt.Sprintf("%q", ids[0].ProfileID)), NewValue: json.RawMessage(fmt.Sprintf("%q", ids[1].ProfileID))}
	withItem := gen.Packet(packet.KindChanges, 2)
	withItem.Records.Changes[1].Fields = append([]packet.FieldChange{idItem}, withItem.Records.Changes[1].Fields...)
	only := gen.Packet(packet.KindChanges, 2)
	only.Records.Changes[1].Fields = []packet.FieldChange{idItem}
	cs = append(cs,
		migrateCase{id: "signed-CHIASE_HOSO", p: shared, sign: func(s *signers) *kitSigner { return s.g09 },
			desc: "a format 1.0 CHIASE_HOSO packet signed by the national database: the migrated packet is not signed, and the migration says the signature was removed (a JSON packet signed has DuLieu first)"},
		migrateCase{id: "change-of-profile-id", p: withItem,
			desc: "a format 1.0 change event one of whose items sets MaDinhDanhCBCCVC: the item is dropped and listed"},
		migrateCase{id: "change-of-profile-id-only", p: only, refused: true,
			desc: "a format 1.0 change event whose only item sets MaDinhDanhCBCCVC: refused, as dropping the event would change SoLuongBanGhi"},
		migrateCase{id: "already-current", p: packettest.New(packettest.Options{Seed: seed}).Packet(packet.KindProfiles, 2), refused: true,
			desc: fmt.Sprintf("a packet of format %s already: refused, nothing to migrate", packet.Version)},
	)
	return cs
}

// migrateVectors adds the migrate vectors: the input (signed only when
// the kit is being signed) and the packet expected.
func (g *genKit) migrateVectors(t *testing.T, s *signers) {
	t.Helper()
	for _, c := range migrateCases() {
		for _, f := range bothFormats {
			doc := encode(t, c.p, f)
			v := Vector{ID: "migrate-" + c.id + "." + f, Kind: KindMigrate, Format: f, File: "migrate/" + c.id + "." + f, Description: c.desc}
			migrated := !c.refused
			v.Expected.Migrated = &migrated
			var out bytes.Buffer
			rep, err := packet.Migrate(context.Background(), &out, bytes.NewReader(doc), packet.MigratePacketID(migratedID))
			var me *packet.MigrationError
			switch {
			case c.refused && !errors.As(err, &me):
				t.Fatalf("%s: migrated: %v", v.ID, err)
			case !c.refused && err != nil:
				t.Fatalf("%s: %v", v.ID, err)
			case !c.refused:
				v.Migrated = "migrate/" + c.id + ".migrated." + f
				v.Expected.Dropped = []string{}
				for _, d := range rep.Dropped {
					v.Expected.Dropped = append(v.Expected.Dropped, d.Pointer)
				}
				v.Expected.SignatureRemoved = c.sign != nil
				g.files = append(g.files, kitFile{name: v.Migrated, data: slices.Clone(out.Bytes())})
			}
			if c.sign == nil {
				g.add(v, doc, false)
				continue
			}
			var data []byte
			if s.h29RSA != nil { // signing: not in the check, which has no PKI
				if data, err = c.sign(s).sign(doc); err != nil {
					t.Fatalf("%s: %v", v.ID, err)
				}
			}
			g.add(v, data, true)
		}
	}
}
