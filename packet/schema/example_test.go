package schema_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/cbccvc/cbccvc-go/packet/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func ExampleViolations() {
	schemas, err := schema.Compile()
	if err != nil {
		log.Fatal(err)
	}
	// A BienDong record without QuyetDinh although it is not a CAP_NHAT,
	// and with an unknown member in a ThayDoi item.
	record, err := jsonschema.UnmarshalJSON(strings.NewReader(`{
		"MaBienDong": "a3b1c2d4-e5f6-4a7b-9c8d-0e1f2a3b4c5d",
		"SoDinhDanh": "079085001234",
		"LoaiBienDong": "NANG_LUONG",
		"NgayHieuLuc": "2026-09-01",
		"ThayDoi": [{"TruongDuLieu": "/Ngach/BacLuong", "GiaTriCu": 6, "GiaTriMoi": 7, "GhiChu": "x"}]
	}`))
	if err != nil {
		log.Fatal(err)
	}
	for _, v := range schema.Violations(schemas.Record("BIENDONG").Validate(record)) {
		fmt.Println(v)
		fmt.Println("   ", v.SchemaLocation)
	}
	// Output:
	// at "/QuyetDinh": required: missing property 'QuyetDinh'
	//     urn:vn:gov:bnv:cbccvc:schema:2:biendong#/then/required
	// at "/ThayDoi/0/GhiChu": additionalProperties: additional properties 'GhiChu' not allowed
	//     urn:vn:gov:bnv:cbccvc:schema:2:biendong#/$defs/MucThayDoi/additionalProperties
}
