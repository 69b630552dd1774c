package validation

import "fmt"

func ExampleIsDNS1035Label() {
	fmt.Println(IsDNS1035Label("web"))
	fmt.Println(IsDNS1035Label("123-abc"))
	fmt.Println(IsDNS1123Label("123-abc"))
	// Output:
	// []
	// [a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')]
	// []
}
