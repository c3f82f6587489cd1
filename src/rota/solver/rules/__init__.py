"""One module per rota rule. Each rule adds itself to the model and audits a finished rota."""
