package identifier

import (
	_ "embed"
	"encoding/json"
	"sync"
)

// Family is what the letter M of a level-1 code MX1X2 stands for.
type Family struct {
	Letter    byte
	Name      string // in Vietnamese
	NameEN    string // in English
	Confirmed bool   // a public text confirms the meaning; A-F are inferred from QCVN 102's list order
}

//go:embed data/families.json
var familiesJSON []byte

// families is parsed once from read-only embedded data.
var families = sync.OnceValue(func() map[byte]Family {
	var f struct {
		Families []struct {
			Letter    string `json:"letter"`
			Name      string `json:"name"`
			NameEN    string `json:"nameEN"`
			Confirmed bool   `json:"confirmed"`
		} `json:"families"`
	}
	if err := json.Unmarshal(familiesJSON, &f); err != nil {
		panic("identifier: embedded data/families.json: " + err.Error()) // a build defect; TestAgencyCodeFamily guards it
	}
	m := make(map[byte]Family, len(f.Families))
	for _, e := range f.Families {
		m[e.Letter[0]] = Family{Letter: e.Letter[0], Name: e.Name, NameEN: e.NameEN, Confirmed: e.Confirmed}
	}
	return m
})

// LookupFamily returns the meaning of a level-1 letter, and false for a
// letter no public source assigns.
func LookupFamily(letter byte) (Family, bool) {
	f, ok := families()[letter]
	return f, ok
}

// Part is one part of an identifier with its meaning, as Explain returns it.
type Part struct {
	Name      string // a stable key: "level1", "birthplace", "gender", …
	Value     string // the characters of the identifier that make the part
	Meaning   string // what they mean, in Vietnamese
	MeaningEN string // what they mean, in English
}
