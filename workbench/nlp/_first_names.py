"""Common first names (es / pt / it / en / ca / eu), folded: general knowledge, none of it taken from
an evaluation set (see :mod:`._lexicon`)."""

from __future__ import annotations

from ..textutil import fold_word as fold


def _set(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


# Common first names (es / pt / it / en / ca / eu), folded.
FIRST_NAMES = _set(
    """
    Aaron Abel Abraham Adam Adela Adolfo Adrian Adriana Agustin Agustina Aitor Alba Alberto Alejandra
    Alejandro Alessandra Alessandro Alex Alexander Alexandre Alexis Alfonso Alfredo Alice Alicia
    Alvaro Amanda Amparo Ana Andrea Andres Andrew Angel Angela Angeles Angelo Anna Anne Antonia
    Antonio Arnaldo Arnoldo Arturo Asuncion Aurora Barack Barbara Beatriz Begona Benedetto Benito
    Benjamin Bernardo Bill Blanca Boris Bruno Camila Camilo Carla Carles Carlo Carlos Carmen
    Carolina Catalina Cecilia Celia Cesar Charles Chiara Christian Christopher Claudia Claudio
    Concepcion Consuelo Cristian Cristina Cristobal Daniel Daniela Dario David Davide Diana Diego
    Dilma Dolores Domingo Donald Dulce Eduardo Elena Elisa Elisabetta Elizabeth Elon Elvira Emilio
    Emma Emmanuel Enrique Enrico Eric Ernesto Esperanza Esteban Estefania Esther Eugenia Eugenio
    Eva Fabio Federico Felipe Felix Fernanda Fernando Fidel Filipe Flavio Francesc Francesca
    Francesco Francisca Francisco Franco Frank Gabriel Gabriela Gabriele George Gerard Gerardo
    Giacomo Gianluca Gianni Gilberto Gilmar Giorgia Giorgio Giovanna Giovanni Giulia Giulio
    Giuseppe Gloria Gonzalo Gregorio Guadalupe Guido Guillermo Gustavo Hector Helena Henrique Henry
    Hugo Ignacio Igor Ines Inmaculada Irene Isabel Isabella Ismael Ivan Jaime Jair James Javier
    Jeff Jesus Joan Joao Joaquim Joaquin Joe John Jordi Jorge Jose Josefa Josep Joseph Juan Juana
    Julia Julian Julio Karl Karla Laura Leonardo Leticia Lidia Lorena Lorenzo Lourdes Luca Lucas
    Lucia Luigi Luis Luisa Luiz Luz Manuel Manuela Marc Marcela Marcelo Marco Marcos Margarita
    Maria Mariana Mariano Marina Mario Mark Marta Martin Martina Mateo Matteo Mauricio Maurizio
    Mercedes Michael Michel Michele Michelle Miguel Milagros Miriam Monica Montserrat Nadia Natalia
    Nicolas Nicola Noelia Norma Nuria Octavio Olga Oliver Omar Oscar Pablo Paola Pascual Patricia
    Patrick Paul Paula Paulo Pedro Pepe Peter Pietro Pilar Rafael Rafaela Raquel Raul Regina
    Remedios Renata Renato Ricardo Riccardo Richard Roberta Roberto Rocio Rodrigo Rogelio Rolando
    Roman Rosa Rosario Ruben Salvador Salvatore Samuel Sandra Santiago Sara Sebastian Sergio Silvia
    Silvio Simon Simone Sofia Sonia Stefano Steve Susana Teresa Thomas Tomas Tommaso Valentina
    Valentino Valeria Vanessa Veronica Vicente Victor Victoria Vincenzo Virginia Walter William
    Xavier Xavi Yolanda Zapatero
    """
) - {"zapatero"}

# Words that head an organisation name ("Ministerio de Hacienda", "Banco Santander").
