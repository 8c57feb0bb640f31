// Package layout has no code: its tests keep the module's shape. One holds
// nbcheck's packages to the package map the README draws, in which data
// flows one way (notebook file -> input -> engine -> verdict -> report)
// and no package imports one of a layer above its own; another fails when
// git tracks a compiled file.
package layout
