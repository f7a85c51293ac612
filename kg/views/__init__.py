"""Views: the graph as a network model (`graph`) and as offline HTML pages (`html`), plus the
GraphML/GEXF writers that `kg.export` lists (`formats`)."""
