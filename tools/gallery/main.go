// Command gallery renders every notebook to HTML with nbconvert, with the
// outputs and charts stored in it, into one folder with an index page, for
// readers without Go or Jupyter.
//
//	go run ./tools/gallery            # into gallery/
//	go run ./tools/gallery -o DIR
//
// Then open gallery/index.html in a browser.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("o", "gallery", "the folder to write the pages into")
	flag.Parse()
	pages, err := Render("notebooks", *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gallery:", err)
		os.Exit(1)
	}
	fmt.Printf("gallery: %d notebooks rendered; open %s/index.html\n", len(pages), *out)
}
