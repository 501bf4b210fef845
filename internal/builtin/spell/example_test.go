package spell_test

import (
	"fmt"

	"appencorrect/internal/builtin/spell"
	"appencorrect/internal/language"
)

func ExampleDictionary_Known() {
	d, err := spell.Load()
	if err != nil {
		panic(err)
	}
	for _, w := range []string{"Hello", "paris", "Paris", "don’t", "John's", "colour", "recieve"} {
		fmt.Println(w, d.Known(w, language.US))
	}
	// Output:
	// Hello true
	// paris false
	// Paris true
	// don’t true
	// John's true
	// colour false
	// recieve false
}

func ExampleDictionary_Suggest() {
	d, err := spell.Load()
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Suggest("Teh", language.AnyVariant, 1))
	fmt.Println(d.Suggest("accomodation", language.AnyVariant, 2))
	fmt.Println(d.Suggest("color", language.GB, 1))
	// Output:
	// [The]
	// [accommodation accommodations]
	// [colour]
}

func ExampleDictionary_VariantForm() {
	d, err := spell.Load()
	if err != nil {
		panic(err)
	}
	fmt.Println(d.VariantForm("Organize", language.GB))
	fmt.Println(d.VariantForm("centre", language.US))
	fmt.Println(d.VariantForm("centre", language.AnyVariant))
	// Output:
	// Organise true
	// center true
	//  false
}
